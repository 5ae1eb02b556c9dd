package dev.kappa.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.ValueCodec;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;

/** Decoders for common record formats. All are thread-safe. */
public final class Decoders {

  private Decoders() {}

  /** The value as UTF-8 text. */
  public static Decoder<String> utf8() {
    return record -> StandardCharsets.UTF_8.decode(record.value()).toString();
  }

  /** The value's bytes. */
  public static Decoder<byte[]> bytes() {
    return record -> toArray(record.value());
  }

  /** The key as UTF-8 text. */
  public static Decoder<String> utf8Key() {
    return record -> StandardCharsets.UTF_8.decode(record.key()).toString();
  }

  /**
   * The value parsed as one JSON document: exactly one JSON value, with optional whitespace around
   * it ({@link com.fasterxml.jackson.databind.node.MissingNode} if blank). A value that is not
   * JSON, is cut short or has anything after its value fails to decode with an {@link
   * UncheckedIOException}.
   */
  public static Decoder<JsonNode> json() {
    return new JsonDecoder();
  }

  /**
   * An Avro value decoded with the schema it was written with and resolved to {@code reader}: old
   * events are upcast to the view's schema. Pin the reader schema for a view version, so that
   * registering a newer schema never changes what an existing version computes.
   */
  public static Decoder<GenericRecord> avro(ValueCodec codec, SchemaVersion reader) {
    return record -> codec.decode(record.value(), reader.schema());
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
