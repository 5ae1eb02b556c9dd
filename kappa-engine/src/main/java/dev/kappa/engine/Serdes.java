package dev.kappa.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.engine.internal.LongBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Serdes for common types. All are thread-safe and deterministic. */
public final class Serdes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Serdes() {}

  /** UTF-8. */
  public static Serde<String> string() {
    return new Serde<>() {
      @Override
      public byte[] serialize(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String deserialize(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    };
  }

  /**
   * Eight bytes, big-endian with the sign bit flipped, so that byte order is numeric order and
   * state scans come out sorted by key.
   */
  public static Serde<Long> longs() {
    return new Serde<>() {
      @Override
      public byte[] serialize(Long value) {
        return LongBytes.of(value ^ Long.MIN_VALUE);
      }

      @Override
      public Long deserialize(byte[] bytes) {
        return LongBytes.read(bytes) ^ Long.MIN_VALUE;
      }
    };
  }

  /** Four bytes, big-endian with the sign bit flipped (byte order is numeric order). */
  public static Serde<Integer> ints() {
    return new Serde<>() {
      @Override
      public byte[] serialize(Integer value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value ^ Integer.MIN_VALUE).array();
      }

      @Override
      public Integer deserialize(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt() ^ Integer.MIN_VALUE;
      }
    };
  }

  /** The IEEE 754 bits, big-endian. */
  public static Serde<Double> doubles() {
    return new Serde<>() {
      @Override
      public byte[] serialize(Double value) {
        return ByteBuffer.allocate(Double.BYTES).putDouble(value).array();
      }

      @Override
      public Double deserialize(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getDouble();
      }
    };
  }

  /** The bytes themselves (copied). */
  public static Serde<byte[]> bytes() {
    return new Serde<>() {
      @Override
      public byte[] serialize(byte[] value) {
        return value.clone();
      }

      @Override
      public byte[] deserialize(byte[] bytes) {
        return bytes.clone();
      }
    };
  }

  /** JSON text, as Jackson writes it (fields in the node's order). */
  public static Serde<JsonNode> json() {
    return new Serde<>() {
      @Override
      public byte[] serialize(JsonNode value) {
        try {
          return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public JsonNode deserialize(byte[] bytes) {
        try {
          return JSON.readTree(bytes);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** {@code serde}, plus null: a leading byte 0 for null, 1 followed by the value otherwise. */
  public static <T> Serde<T> nullable(Serde<T> serde) {
    return new Serde<>() {
      @Override
      public byte[] serialize(T value) {
        if (value == null) {
          return new byte[] {0};
        }
        byte[] inner = serde.serialize(value);
        byte[] out = new byte[inner.length + 1];
        out[0] = 1;
        System.arraycopy(inner, 0, out, 1, inner.length);
        return out;
      }

      @Override
      public T deserialize(byte[] bytes) {
        if (bytes[0] == 0) {
          return null;
        }
        return serde.deserialize(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
      }
    };
  }
}
