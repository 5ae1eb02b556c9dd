package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonDocuments} against Jackson's own one-shot parse, as the reference: for seeded random
 * documents, whole, cut short or followed by more, the tree is the reference's or both refuse it,
 * and a failure never spoils the next document.
 */
class JsonDocumentsTest {

  /** The reference: one value per input, nothing after it. */
  private static final ObjectMapper REFERENCE =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void parse_randomDocumentsWholeCutOrExtended_matchesJacksonsOneShotParse() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int parsed = 0;
    int refused = 0;
    for (int i = 0; i < 3 * JsonDocuments.RENEW_EVERY; i++) {
      byte[] whole = document(random, 0).getBytes(StandardCharsets.UTF_8);
      byte[] input =
          switch (random.nextInt(10)) {
            case 0 -> java.util.Arrays.copyOf(whole, random.nextInt(whole.length + 1));
            case 1 -> concat(whole, after(random));
            case 2 -> concat(whole, "\n\t ".getBytes(StandardCharsets.UTF_8));
            case 3 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, whole);
            default -> whole;
          };
      JsonNode expected = reference(input);
      String context = "seed " + seed + ", input " + new String(input, StandardCharsets.UTF_8);
      ByteBuffer value = slice(random, input);
      int position = value.position();
      if (expected == null) {
        assertThatThrownBy(() -> JsonDocuments.parse(value))
            .as(context)
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageStartingWith("record value is not JSON: ");
        refused++;
      } else {
        assertThat(JsonDocuments.parse(value)).as(context).isEqualTo(expected);
        parsed++;
      }
      assertThat(value.position()).as(context).isEqualTo(position);
    }
    assertThat(parsed).as("seed " + seed).isGreaterThan(20_000);
    assertThat(refused).as("seed " + seed).isGreaterThan(1_000);
  }

  @Test
  void parse_blankValue_isMissingNodeAsReadTreeGives() {
    assertThat(JsonDocuments.parse(ByteBuffer.wrap(" \n".getBytes(StandardCharsets.UTF_8))))
        .isSameAs(MissingNode.getInstance());
    assertThat(JsonDocuments.parse(ByteBuffer.allocate(0))).isSameAs(MissingNode.getInstance());
  }

  @Test
  void parse_numberAtTheRoot_endsWithTheValue() {
    assertThat(JsonDocuments.parse(ByteBuffer.wrap("12".getBytes(StandardCharsets.UTF_8))).asInt())
        .isEqualTo(12);
    assertThat(JsonDocuments.parse(ByteBuffer.wrap("3".getBytes(StandardCharsets.UTF_8))).asInt())
        .isEqualTo(3);
  }

  @Test
  void parse_valueLargerThanTheKeptBuffer_parsesAndLaterSmallOnesToo() {
    String big = "{\"text\":\"" + "x".repeat(JsonDocuments.KEPT_BUFFER_BYTES * 2) + "\"}";
    assertThat(JsonDocuments.parse(ByteBuffer.wrap(big.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(reference(big.getBytes(StandardCharsets.UTF_8)));
    assertThat(JsonDocuments.parse(ByteBuffer.wrap("{\"a\":[1]}".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(reference("{\"a\":[1]}".getBytes(StandardCharsets.UTF_8)));
  }

  /** The value as a read-only slice at a random offset of a larger buffer, as a log read gives. */
  private static ByteBuffer slice(Random random, byte[] input) {
    int before = random.nextInt(4);
    byte[] around = new byte[before + input.length + random.nextInt(4)];
    java.util.Arrays.fill(around, (byte) '[');
    System.arraycopy(input, 0, around, before, input.length);
    return ByteBuffer.wrap(around, before, input.length).asReadOnlyBuffer();
  }

  private static JsonNode reference(byte[] input) {
    try {
      return REFERENCE.readTree(input);
    } catch (IOException e) {
      return null;
    }
  }

  /** Something after a value: another value, whole or cut short, which must not be taken. */
  private static byte[] after(Random random) {
    String[] tails = {" {}", " \"x", "\"", " 1", " tru", "[", " {\"a\":", ",", "}"};
    return tails[random.nextInt(tails.length)].getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** A random JSON value: objects and arrays up to depth 3 at the root, scalars below. */
  private static String document(Random random, int depth) {
    int kind = depth == 0 ? random.nextInt(10) : random.nextInt(depth < 3 ? 10 : 7);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
      case 3 ->
          switch (random.nextInt(4)) {
            case 0 -> "123456789012345678901234567890";
            case 1 -> "-0.5e-3";
            case 2 -> Double.toString(random.nextGaussian() * 1e6);
            default -> Integer.toString(random.nextInt(100));
          };
      case 4, 5, 6 -> string(random);
      case 7 -> {
        StringBuilder array = new StringBuilder("[");
        for (int i = random.nextInt(4); i > 0; i--) {
          array.append(document(random, depth + 1)).append(i > 1 ? "," : "");
        }
        yield array.append(']').toString();
      }
      default -> {
        StringBuilder object = new StringBuilder("{");
        for (int i = random.nextInt(5); i > 0; i--) {
          object.append(string(random)).append(':').append(document(random, depth + 1));
          object.append(i > 1 ? "," : "");
        }
        yield object.append('}').toString();
      }
    };
  }

  private static String string(Random random) {
    String[] parts = {"page", "user", "é", "\\\"", "\\n", "\\u00e9", "😀", " ", "ts", "k"};
    StringBuilder text = new StringBuilder("\"");
    for (int i = random.nextInt(4); i > 0; i--) {
      text.append(parts[random.nextInt(parts.length)]);
    }
    if (random.nextInt(3) == 0) {
      text.append(random.nextInt(1000)); // field names beyond a fixed set
    }
    return text.append('"').toString();
  }
}
