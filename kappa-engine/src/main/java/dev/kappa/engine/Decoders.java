package dev.kappa.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.ValueCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;

/** Decoders for common record formats. All are thread-safe. */
public final class Decoders {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** The value parsed as JSON. */
  public static Decoder<JsonNode> json() {
    return record -> {
      try {
        return JSON.readTree(toArray(record.value()));
      } catch (IOException e) {
        throw new UncheckedIOException("record value is not JSON: " + e.getMessage(), e);
      }
    };
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
