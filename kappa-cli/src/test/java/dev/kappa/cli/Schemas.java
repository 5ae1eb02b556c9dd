package dev.kappa.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The click schemas the tests register, and files holding them. */
final class Schemas {

  /** Version 1: user, page, ts (timestamp-millis), n. */
  static final String CLICK_V1 =
      """
      {"type":"record","name":"Click","namespace":"test","fields":[
        {"name":"user","type":"string"},
        {"name":"page","type":"string"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"n","type":"int"}]}
      """;

  /** BACKWARD compatible with v1: adds an optional field with a default. */
  static final String CLICK_V2 =
      """
      {"type":"record","name":"Click","namespace":"test","fields":[
        {"name":"user","type":"string"},
        {"name":"page","type":"string"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"n","type":"int"},
        {"name":"ref","type":["null","string"],"default":null}]}
      """;

  /** Not BACKWARD compatible with v1: adds a field without a default. */
  static final String CLICK_WITH_COUNTRY =
      """
      {"type":"record","name":"Click","namespace":"test","fields":[
        {"name":"user","type":"string"},
        {"name":"page","type":"string"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"n","type":"int"},
        {"name":"country","type":"string"}]}
      """;

  private Schemas() {}

  /** Writes {@code schema} to {@code dir/name} and returns the path as text. */
  static String file(Path dir, String name, String schema) {
    try {
      return Files.writeString(dir.resolve(name), schema).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
