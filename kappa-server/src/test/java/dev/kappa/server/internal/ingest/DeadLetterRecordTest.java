package dev.kappa.server.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.log.Header;
import dev.kappa.log.NewRecord;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A dead letter always fits in {@code maxRecordBytes}, keeping as much of the event as fits. */
class DeadLetterRecordTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventError TOO_LARGE =
      new EventError(3, "record_too_large", null, "the event is 9999 bytes as a record");
  private static final Map<String, String> CE =
      Map.of("specversion", "1.0", "id", "e-1", "source", "/s", "type", "t");

  /**
   * The most a record can grow by when one more payload character or base64 quantum is kept: a
   * character outside the BMP, which Jackson writes as an escaped surrogate pair (12 bytes). A
   * truncated dead letter is closer than this to the limit, else the bisection stopped too early.
   */
  private static final int LARGEST_STEP = 12;

  @Test
  void fittingEvent_isKeptWhole_withAttributesLengthAndDigest() {
    byte[] raw = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
    NewRecord record = build(event(raw, CE), TOO_LARGE, new EventId("batch:k#3", "d1"), 4096);

    JsonNode value = value(record);
    assertThat(value.get("stream").asText()).isEqualTo("clicks");
    assertThat(value.get("index").asInt()).isEqualTo(3);
    assertThat(value.get("code").asText()).isEqualTo("record_too_large");
    assertThat(value.get("payload").asText()).isEqualTo("{\"a\":\"é\"}");
    assertThat(value.get("payloadBytes").asInt()).isEqualTo(raw.length);
    assertThat(value.get("payloadSha256").asText()).isEqualTo(sha256(raw));
    assertThat(value.get("cloudEvent").get("id").asText()).isEqualTo("e-1");
    assertThat(value.has("truncated")).isFalse();
    assertThat(value.has("cloudEventDropped")).isFalse();
    assertThat(headerKeys(record))
        .contains("ce_id", IdempotencyWindow.HEADER, EventId.DIGEST_HEADER);
  }

  @Test
  void textPayloadOverTheLimit_isCutAtACharacterBoundary() {
    // Two-, three- and four-byte characters, so most byte cuts would split one.
    String text = "é€😀".repeat(2000);
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    int max = 2048;
    NewRecord record = build(event(raw, CE), TOO_LARGE, null, max);

    assertThat(record.sizeUpperBound()).isLessThanOrEqualTo(max);
    assertThat(record.sizeUpperBound()).isGreaterThan(max - LARGEST_STEP);
    JsonNode value = value(record);
    String prefix = value.get("payload").asText();
    assertThat(prefix).isNotEmpty().doesNotContain("\uFFFD");
    assertThat(text).startsWith(prefix);
    assertThat(Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))).isFalse();
    assertThat(value.get("truncated").asBoolean()).isTrue();
    assertThat(value.get("payloadBytes").asInt()).isEqualTo(raw.length);
    assertThat(value.get("payloadSha256").asText()).isEqualTo(sha256(raw));
    assertThat(value.get("cloudEvent").get("source").asText()).isEqualTo("/s");
  }

  @Test
  void binaryPayload_isBase64_andCutToFit() {
    byte[] raw = new byte[5000];
    new Random(42).nextBytes(raw);
    raw[0] = (byte) 0xFF; // never valid UTF-8
    int max = 1500;
    NewRecord record = build(event(raw, Map.of()), TOO_LARGE, null, max);

    assertThat(record.sizeUpperBound()).isLessThanOrEqualTo(max);
    JsonNode value = value(record);
    assertThat(value.has("payload")).isFalse();
    byte[] prefix = Base64.getDecoder().decode(value.get("payloadBase64").asText());
    assertThat(prefix).isNotEmpty().isEqualTo(Arrays.copyOf(raw, prefix.length));
    assertThat(prefix.length).isLessThan(raw.length);
    assertThat(value.get("truncated").asBoolean()).isTrue();
    assertThat(value.get("payloadSha256").asText()).isEqualTo(sha256(raw));
  }

  @Test
  void smallBinaryPayload_isBase64Whole() {
    byte[] raw = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF};
    JsonNode value = value(build(event(raw, Map.of()), TOO_LARGE, null, 4096));
    assertThat(Base64.getDecoder().decode(value.get("payloadBase64").asText())).isEqualTo(raw);
    assertThat(value.has("truncated")).isFalse();
  }

  @Test
  void hugeCloudEventAttributes_areDropped_andTheReasonShortened() {
    Map<String, String> ce = new LinkedHashMap<>(CE);
    ce.put("bigextension", "x".repeat(10_000));
    EventError error = new EventError(0, "invalid_event", "$.a", "y".repeat(5000));
    byte[] raw = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    int max = 2048;
    NewRecord record = build(event(raw, ce), error, new EventId("ce:/s\u0000e-1", null), max);

    assertThat(record.sizeUpperBound()).isLessThanOrEqualTo(max);
    JsonNode value = value(record);
    assertThat(value.get("cloudEventDropped").asBoolean()).isTrue();
    assertThat(value.has("cloudEvent")).isFalse();
    assertThat(value.get("reason").asText()).isEqualTo("y".repeat(DeadLetterRecord.SHORT_REASON));
    assertThat(value.get("payload").asText()).isEqualTo("{\"a\":1}");
    assertThat(value.has("truncated")).isFalse();
    // The idempotency id stays, so a retry of the event is still recognised.
    assertThat(headerKeys(record)).containsExactly(IdempotencyWindow.HEADER);
  }

  @Test
  void randomSizes_neverExceedTheLimit_andKeepTheLongestPrefixThatFits() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try {
      for (int round = 0; round < 300; round++) {
        checkRandomDeadLetter(random);
      }
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  private static void checkRandomDeadLetter(Random random) {
    int max = 1024 + random.nextInt(16 * 1024);
    boolean text = random.nextBoolean();
    int length = random.nextInt(3 * max);
    byte[] raw = text ? randomText(random, length) : randomBinary(random, length);
    Map<String, String> ce = new LinkedHashMap<>();
    if (random.nextBoolean()) {
      ce.putAll(CE);
      ce.put("ext", "v".repeat(random.nextInt(2 * max)));
    }
    NewRecord record = build(event(raw, ce), TOO_LARGE, new EventId("batch:key#3", "d2"), max);

    String where = "max " + max + ", " + (text ? "text" : "binary") + " of " + raw.length;
    assertThat(record.sizeUpperBound()).as(where).isLessThanOrEqualTo(max);
    JsonNode value = value(record);
    assertThat(value.get("payloadBytes").asInt()).as(where).isEqualTo(raw.length);
    assertThat(value.get("payloadSha256").asText()).as(where).isEqualTo(sha256(raw));
    byte[] kept =
        value.has("payload")
            ? value.get("payload").asText().getBytes(StandardCharsets.UTF_8)
            : Base64.getDecoder().decode(value.get("payloadBase64").asText());
    assertThat(value.has("payload")).as(where).isEqualTo(text);
    assertThat(kept).as(where).isEqualTo(Arrays.copyOf(raw, kept.length));
    boolean truncated = value.path("truncated").asBoolean(false);
    assertThat(truncated).as(where).isEqualTo(kept.length < raw.length);
    if (truncated) {
      assertThat(record.sizeUpperBound()).as(where).isGreaterThan(max - LARGEST_STEP);
    }
    boolean dropped = value.path("cloudEventDropped").asBoolean(false);
    assertThat(value.has("cloudEvent")).as(where).isNotEqualTo(dropped);
    assertThat(headerKeys(record).stream().anyMatch(k -> k.startsWith("ce_")))
        .as(where)
        .isEqualTo(!dropped && !ce.isEmpty());
  }

  /** UTF-8 text of about {@code length} bytes: ASCII, control characters and multi-byte ones. */
  private static byte[] randomText(Random random, int length) {
    int[] codePoints = "ab\"\\\n\u0001é€😀".codePoints().toArray();
    StringBuilder s = new StringBuilder();
    while (s.length() < length / 2) {
      s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBinary(Random random, int length) {
    byte[] raw = new byte[Math.max(1, length)];
    random.nextBytes(raw);
    raw[0] = (byte) 0xFF;
    return raw;
  }

  private static NewRecord build(IncomingEvent event, EventError error, EventId id, int max) {
    return DeadLetterRecord.build("clicks", event, error, id, max);
  }

  private static IncomingEvent event(byte[] raw, Map<String, String> cloudEvent) {
    return new IncomingEvent(null, raw, "application/json", cloudEvent, null);
  }

  private static JsonNode value(NewRecord record) {
    try {
      return JSON.readTree(record.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.List<String> headerKeys(NewRecord record) {
    return record.headers().stream().map(Header::key).toList();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
