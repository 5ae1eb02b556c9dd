package dev.kappa.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compatibility mode against every kind of change, checked against a reference table written
 * from the definitions: backward means the new schema reads old data, forward means old schemas
 * read new data.
 */
class CompatibilityMatrixTest {

  @TempDir Path dir;
  private Log log;
  private SchemaRegistry registry;

  @BeforeEach
  void open() {
    log = EmbeddedLog.open(dir);
    registry = SchemaRegistry.open(log);
  }

  @AfterEach
  void close() {
    log.close();
  }

  static String record(String... fields) {
    return "{\"type\":\"record\",\"name\":\"E\",\"fields\":[" + String.join(",", fields) + "]}";
  }

  static final String ID = "{\"name\":\"id\",\"type\":\"long\"}";

  /** A change from one schema to the next, and whether it is backward / forward compatible. */
  record Change(String name, String before, String after, boolean backward, boolean forward) {}

  static final List<Change> CHANGES =
      List.of(
          new Change(
              "add field with default",
              record(ID),
              record(ID, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}"),
              true,
              true),
          new Change(
              "add field without default",
              record(ID),
              record(ID, "{\"name\":\"n\",\"type\":\"int\"}"),
              false,
              true),
          new Change(
              "remove field with default",
              record(ID, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}"),
              record(ID),
              true,
              true),
          new Change(
              "remove field without default",
              record(ID, "{\"name\":\"n\",\"type\":\"int\"}"),
              record(ID),
              true,
              false),
          new Change(
              "promote int to long",
              record(ID, "{\"name\":\"n\",\"type\":\"int\"}"),
              record(ID, "{\"name\":\"n\",\"type\":\"long\"}"),
              true,
              false),
          new Change(
              "narrow long to int",
              record(ID, "{\"name\":\"n\",\"type\":\"long\"}"),
              record(ID, "{\"name\":\"n\",\"type\":\"int\"}"),
              false,
              true),
          new Change(
              "promote float to double",
              record(ID, "{\"name\":\"n\",\"type\":\"float\"}"),
              record(ID, "{\"name\":\"n\",\"type\":\"double\"}"),
              true,
              false),
          new Change(
              "change string to int",
              record(ID, "{\"name\":\"n\",\"type\":\"string\"}"),
              record(ID, "{\"name\":\"n\",\"type\":\"int\"}"),
              false,
              false));

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (Compatibility mode : Compatibility.values()) {
      for (Change change : CHANGES) {
        cases.add(Arguments.of(mode, change));
      }
    }
    return cases.stream();
  }

  private static boolean expected(Compatibility mode, Change change) {
    return switch (mode) {
      case NONE -> true;
      case BACKWARD, BACKWARD_TRANSITIVE -> change.backward();
      case FORWARD, FORWARD_TRANSITIVE -> change.forward();
      case FULL, FULL_TRANSITIVE -> change.backward() && change.forward();
    };
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("matrix")
  void register_change_isAcceptedExactlyWhenTheModeAllowsIt(Compatibility mode, Change change) {
    String stream = "s";
    registry.define(StreamModel.avro(stream).withCompatibility(mode));
    registry.register(stream, change.before());
    boolean allowed = expected(mode, change);
    assertThat(registry.check(stream, change.after()).compatible())
        .as("%s under %s", change.name(), mode)
        .isEqualTo(allowed);
    if (allowed) {
      assertThat(registry.register(stream, change.after()).version()).isEqualTo(2);
    } else {
      assertThatThrownBy(() -> registry.register(stream, change.after()))
          .isInstanceOf(IncompatibleSchemaException.class)
          .satisfies(
              e ->
                  assertThat(((IncompatibleSchemaException) e).report().incompatibilities())
                      .isNotEmpty()
                      .allSatisfy(i -> assertThat(i.message()).contains("version 1")));
      assertThat(registry.versions(stream)).hasSize(1);
    }
  }

  @Test
  void backwardTransitive_checksEveryVersion_whileBackwardChecksOnlyTheLatest() {
    String v1 = record(ID);
    String v2 = record(ID, "{\"name\":\"b\",\"type\":\"int\",\"default\":1}");
    String v3 = record(ID, "{\"name\":\"b\",\"type\":\"int\"}");
    registry.define(StreamModel.avro("plain").withCompatibility(Compatibility.BACKWARD));
    registry.define(StreamModel.avro("trans").withCompatibility(Compatibility.BACKWARD_TRANSITIVE));
    for (String stream : List.of("plain", "trans")) {
      registry.register(stream, v1);
      registry.register(stream, v2);
    }
    assertThat(registry.register("plain", v3).version()).isEqualTo(3);
    assertThatThrownBy(() -> registry.register("trans", v3))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("version 1")
        .hasMessageContaining("'b'");
  }

  @Test
  void forwardTransitive_checksEveryVersion_whileForwardChecksOnlyTheLatest() {
    String v1 = record(ID, "{\"name\":\"c\",\"type\":\"int\"}");
    String v2 = record(ID, "{\"name\":\"c\",\"type\":\"int\",\"default\":0}");
    String v3 = record(ID);
    registry.define(StreamModel.avro("plain").withCompatibility(Compatibility.FORWARD));
    registry.define(StreamModel.avro("trans").withCompatibility(Compatibility.FORWARD_TRANSITIVE));
    for (String stream : List.of("plain", "trans")) {
      registry.register(stream, v1);
      registry.register(stream, v2);
    }
    assertThat(registry.register("plain", v3).version()).isEqualTo(3);
    assertThatThrownBy(() -> registry.register("trans", v3))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("version 1");
  }
}
