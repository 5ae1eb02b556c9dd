package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.TestServer.Reply;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudEvents built and serialized by the official SDK, sent in structured, batch and binary mode.
 */
class CloudEventsApiTest {

  private static final EventFormat FORMAT =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
  private static final OffsetDateTime TIME =
      OffsetDateTime.of(2024, 5, 1, 12, 30, 15, 250_000_000, ZoneOffset.UTC);

  private static final String BATCH = "application/cloudevents-batch+json";

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    server.schemalessStream("orders", 2);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static CloudEvent event(String id, String json) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withSource(URI.create("/shop/eu"))
        .withType("order.created")
        .withTime(TIME)
        .withSubject("order-" + id)
        .withExtension("partitionkey", "customer-9")
        .withExtension("tenant", "acme")
        .withData("application/json", json.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private Reply postStructured(byte[] body) {
    return server.post("/streams/orders/events", JsonFormat.CONTENT_TYPE, body);
  }

  @Test
  void structured_isAppendedWithEveryAttributeAsAHeader() {
    Reply reply = postStructured(FORMAT.serialize(event("e-1", "{\"total\":12.5}")));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("appended").asInt()).isEqualTo(1);

    JsonNode record = server.get("/streams/orders/events").lines().getFirst();
    assertThat(record.get("value"))
        .isEqualTo(TestServer.JSON.createObjectNode().put("total", 12.5));
    assertThat(record.get("key").asText()).isEqualTo("customer-9");
    assertThat(record.get("eventTime").asLong()).isEqualTo(TIME.toInstant().toEpochMilli());
    assertThat(headers(record))
        .containsEntry("ce_id", "e-1")
        .containsEntry("ce_source", "/shop/eu")
        .containsEntry("ce_type", "order.created")
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("ce_subject", "order-e-1")
        .containsEntry("ce_datacontenttype", "application/json")
        .containsEntry("ce_partitionkey", "customer-9")
        .containsEntry("ce_tenant", "acme")
        .containsKey("ce_time");
    assertThat(OffsetDateTime.parse(headers(record).get("ce_time")).toInstant())
        .isEqualTo(TIME.toInstant());
  }

  @Test
  void structured_sameIdAndSourceAgain_isADuplicate() {
    byte[] body = FORMAT.serialize(event("e-1", "{\"n\":1}"));
    JsonNode first = postStructured(body).json();
    JsonNode again = postStructured(body).json();
    assertThat(again.get("duplicates").asInt()).isEqualTo(1);
    assertThat(again.at("/events/0/offset")).isEqualTo(first.at("/events/0/offset"));
    assertThat(server.recordCount("orders")).isEqualTo(1);
  }

  /** A batch-mode body: the events serialized by the SDK, in a JSON array. */
  private static byte[] batch(CloudEvent... events) {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    batch.write('[');
    for (int i = 0; i < events.length; i++) {
      if (i > 0) {
        batch.write(',');
      }
      batch.writeBytes(FORMAT.serialize(events[i]));
    }
    batch.write(']');
    return batch.toByteArray();
  }

  @Test
  void batch_appendsEveryEventInOrder() {
    byte[] body =
        batch(event("b-0", "{\"n\":0}"), event("b-1", "{\"n\":1}"), event("b-2", "{\"n\":2}"));
    Reply reply = server.post("/streams/orders/events", BATCH, body);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("appended").asInt()).isEqualTo(3);

    List<JsonNode> records = server.get("/streams/orders/events").lines();
    assertThat(records).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(records.get(i).at("/value/n").asInt()).isEqualTo(i);
      assertThat(headers(records.get(i))).containsEntry("ce_id", "b-" + i);
    }
  }

  @Test
  void batchWithDeadLetters_eventOverMaxRecordBytes_isDeadLetteredBounded_andTheRestAppended()
      throws Exception {
    try (TestServer small = TestServer.start(dir.resolve("small"), b -> b.maxRecordBytes(2048))) {
      small.schemalessStream("orders", 1);
      CloudEvent hugeAttributes =
          CloudEventBuilder.v1(event("big", "{\"n\":1}"))
              .withExtension("note", "x".repeat(5000))
              .build();
      String bigData = "{\"pad\":\"" + "€".repeat(3000) + "\"}";
      byte[] body =
          batch(
              event("ok-0", "{\"n\":0}"),
              hugeAttributes,
              event("bigdata", bigData),
              event("ok-3", "{\"n\":3}"));
      Reply reply = small.post("/streams/orders/events?onInvalid=deadletter", BATCH, body);

      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.json().get("appended").asInt()).isEqualTo(2);
      assertThat(reply.json().get("deadLettered").asInt()).isEqualTo(2);
      assertThat(reply.json().at("/events/1/stream").asText()).isEqualTo("orders.deadletter");
      assertThat(reply.json().at("/events/2/stream").asText()).isEqualTo("orders.deadletter");
      assertThat(small.recordCount("orders")).isEqualTo(2);
      List<JsonNode> letters = small.get("/streams/orders.deadletter/events").lines();
      assertThat(letters).hasSize(2);

      JsonNode dropped = letters.get(0).get("value");
      assertThat(dropped.get("index").asInt()).isEqualTo(1);
      assertThat(dropped.get("code").asText()).isEqualTo("record_too_large");
      assertThat(dropped.get("cloudEventDropped").asBoolean()).isTrue();
      assertThat(dropped.get("payload").asText()).isEqualTo("{\"n\":1}");
      assertThat(headers(letters.get(0))).doesNotContainKey("ce_note");

      JsonNode cut = letters.get(1).get("value");
      byte[] bigBytes = bigData.getBytes(StandardCharsets.UTF_8);
      assertThat(cut.get("index").asInt()).isEqualTo(2);
      assertThat(cut.get("truncated").asBoolean()).isTrue();
      assertThat(cut.get("cloudEvent").get("id").asText()).isEqualTo("bigdata");
      assertThat(cut.get("payloadBytes").asInt()).isEqualTo(bigBytes.length);
      assertThat(cut.get("payloadSha256").asText())
          .isEqualTo(
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bigBytes)));
      assertThat(bigData).startsWith(cut.get("payload").asText());
    }
  }

  @Test
  void binary_jsonData_isAppendedWithItsAttributes() {
    Reply reply = sendBinary(event("bin-1", "{\"total\":3}"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode record = server.get("/streams/orders/events").lines().getFirst();
    assertThat(record.at("/value/total").asInt()).isEqualTo(3);
    assertThat(headers(record))
        .containsEntry("ce_id", "bin-1")
        .containsEntry("ce_source", "/shop/eu")
        .containsEntry("ce_type", "order.created")
        .containsEntry("ce_tenant", "acme");
    assertThat(record.get("eventTime").asLong()).isEqualTo(TIME.toInstant().toEpochMilli());
  }

  @Test
  void binary_nonJsonData_isStoredAsReceived() {
    byte[] data = {0, 1, 2, (byte) 0xFF};
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId("raw-1")
            .withSource(URI.create("urn:sensor"))
            .withType("reading")
            .withData("application/octet-stream", data)
            .build();
    Reply reply = sendBinary(event);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode record = server.get("/streams/orders/events").lines().getFirst();
    assertThat(record.get("valueBase64").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(data));
    assertThat(headers(record)).containsEntry("ce_datacontenttype", "application/octet-stream");
  }

  @Test
  void dataWithoutContentType_isJsonIfItParses_elseKeptAsBytes() {
    byte[] bytes = {(byte) 0xCA, (byte) 0xFE};
    String notJson =
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\","
            + "\"data_base64\":\""
            + Base64.getEncoder().encodeToString(bytes)
            + "\"}";
    String json =
        "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\","
            + "\"data_base64\":\""
            + Base64.getEncoder().encodeToString("{\"k\":1}".getBytes(StandardCharsets.UTF_8))
            + "\"}";
    assertThat(server.post("/streams/orders/events", JsonFormat.CONTENT_TYPE, notJson).status())
        .isEqualTo(200);
    assertThat(server.post("/streams/orders/events", JsonFormat.CONTENT_TYPE, json).status())
        .isEqualTo(200);
    List<JsonNode> records = server.get("/streams/orders/events").lines();
    assertThat(records).hasSize(2);
    JsonNode raw = records.stream().filter(r -> r.has("valueBase64")).findFirst().orElseThrow();
    assertThat(raw.get("valueBase64").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(bytes));
    JsonNode parsed = records.stream().filter(r -> r.has("value")).findFirst().orElseThrow();
    assertThat(parsed.at("/value/k").asInt()).isEqualTo(1);
  }

  @Test
  void missingRequiredAttributes_are400InvalidCloudEvent() {
    String noId = "{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"t\",\"data\":{}}";
    assertInvalid(server.post("/streams/orders/events", JsonFormat.CONTENT_TYPE, noId), "id");

    String badVersion = "{\"specversion\":\"9.9\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}";
    assertInvalid(
        server.post("/streams/orders/events", JsonFormat.CONTENT_TYPE, badVersion), "9.9");

    assertInvalid(server.post("/streams/orders/events", BATCH, "{}"), "array");

    assertInvalid(postWithHeaders("ce-specversion", "1.0", "ce-id", "x", "ce-type", "t"), "source");
    assertInvalid(
        postWithHeaders("ce-id", "x", "ce-source", "/s", "ce-type", "t"), "ce-specversion");
    assertThat(server.recordCount("orders")).isZero();
  }

  @Test
  void avroStream_validatesTheData() {
    server.avroStream(
        "typed",
        1,
        "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"total\",\"type\":\"int\"}]}");
    Reply ok =
        server.post(
            "/streams/typed/events",
            JsonFormat.CONTENT_TYPE,
            FORMAT.serialize(event("a", "{\"total\":3}")));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    Reply bad =
        server.post(
            "/streams/typed/events",
            JsonFormat.CONTENT_TYPE,
            FORMAT.serialize(event("b", "{\"total\":\"three\"}")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("invalid_events");
    assertThat(bad.json().at("/error/events/0/path").asText()).isEqualTo("$.total");
    assertThat(server.recordCount("typed")).isEqualTo(1);
  }

  @Test
  void batch_empty_is200WithNoEvents() {
    Reply reply = server.post("/streams/orders/events", BATCH, "[]");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("events")).isEmpty();
    assertThat(reply.json().get("appended").asInt()).isZero();
    assertThat(server.recordCount("orders")).isZero();
  }

  @Test
  void batch_badEnvelope_isAnErrorOfItsIndexOnly() {
    String missingType = "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\"}";
    String body =
        "["
            + new String(FORMAT.serialize(event("b-0", "{}")), StandardCharsets.UTF_8)
            + ","
            + missingType
            + ",42,"
            + new String(FORMAT.serialize(event("b-3", "{}")), StandardCharsets.UTF_8)
            + "]";

    Reply rejected = server.post("/streams/orders/events", BATCH, body);
    assertThat(rejected.status()).as(rejected.toString()).isEqualTo(400);
    assertThat(rejected.errorCode()).isEqualTo("invalid_events");
    JsonNode errors = rejected.json().at("/error/events");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(errors.get(0).get("code").asText()).isEqualTo("invalid_cloudevent");
    assertThat(errors.get(0).get("message").asText()).contains("type");
    assertThat(errors.get(1).get("index").asInt()).isEqualTo(2);
    assertThat(errors.get(1).get("message").asText()).contains("JSON object");
    assertThat(server.recordCount("orders")).isZero();

    Reply lettered = server.post("/streams/orders/events?onInvalid=deadletter", BATCH, body);
    assertThat(lettered.status()).as(lettered.toString()).isEqualTo(200);
    assertThat(lettered.json().get("appended").asInt()).isEqualTo(2);
    assertThat(lettered.json().get("deadLettered").asInt()).isEqualTo(2);
    JsonNode letter = server.get("/streams/orders.deadletter/events").lines().getFirst();
    assertThat(letter.at("/value/code").asText()).isEqualTo("invalid_cloudevent");
    assertThat(letter.at("/value/payload").asText()).isEqualTo(missingType);
  }

  @Test
  void binary_percentEncodedAttributes_areDecoded() {
    String subject = "café au lait: 100% \"bio\" a+b";
    CloudEvent event =
        CloudEventBuilder.v1(event("pct-1", "{}"))
            .withSubject(subject)
            .withExtension("greeting", "grüße 👋")
            .build();
    Reply reply = sendBinary(event, CloudEventsApiTest::percentEncode);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    Map<String, String> stored = headers(server.get("/streams/orders/events").lines().getFirst());
    assertThat(stored)
        .containsEntry("ce_subject", subject)
        .containsEntry("ce_greeting", "grüße 👋")
        .containsEntry("ce_id", "pct-1");
  }

  @Test
  void binary_sendersThatDoNotPercentEncode_orQuote_areReadAsTheyMeantIt() {
    Reply reply =
        postWithHeaders(
            "ce-specversion",
            "1.0",
            "ce-id",
            "raw",
            "ce-source",
            "/s",
            "ce-type",
            "t",
            "ce-subject",
            "100% sure",
            "ce-note",
            "\"a%20b \\\"q\\\"\"");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    Map<String, String> stored = headers(server.get("/streams/orders/events").lines().getFirst());
    assertThat(stored)
        .containsEntry("ce_subject", "100% sure")
        .containsEntry("ce_note", "a b \"q\"");
  }

  @Test
  void binary_percentEncodedBytesThatAreNotUtf8_are400NamingTheHeader() {
    Reply reply =
        postWithHeaders(
            "ce-specversion",
            "1.0",
            "ce-id",
            "x",
            "ce-source",
            "/s",
            "ce-type",
            "t",
            "ce-subject",
            "caf%C3%28");
    assertInvalid(reply, "ce-subject");
    assertThat(server.recordCount("orders")).isZero();
  }

  /**
   * A header value as the HTTP binding says a sender writes it: the UTF-8 bytes of space, {@code
   * "}, {@code %} and everything outside printable ASCII as {@code %XX}.
   */
  private static String percentEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c > 0x20 && c < 0x7F && c != '"' && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private void assertInvalid(Reply reply, String mentioned) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("invalid_cloudevent");
    assertThat(reply.json().at("/error/message").asText()).contains(mentioned);
  }

  /** Posts {@code {}} as JSON with the given header names and values. */
  private Reply postWithHeaders(String... namesAndValues) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri("/streams/orders/events"))
            .header("Content-Type", "application/json");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      request.header(namesAndValues[i], namesAndValues[i + 1]);
    }
    return server.send(request.POST(HttpRequest.BodyPublishers.ofString("{}")));
  }

  /** Sends an event in binary mode, mapped to headers by the SDK's HTTP binding. */
  private Reply sendBinary(CloudEvent event) {
    return sendBinary(event, value -> value);
  }

  /**
   * Sends an event in binary mode, its {@code ce-*} header values passed through {@code encode}.
   */
  private Reply sendBinary(CloudEvent event, UnaryOperator<String> encode) {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    HttpMessageFactory.createWriter(headers::put, body::writeBytes).writeBinary(event);
    assertThat(headers).containsKeys("ce-id", "ce-source", "ce-type", "ce-specversion");
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/streams/orders/events"));
    headers.forEach(
        (name, value) ->
            request.header(name, name.startsWith("ce-") ? encode.apply(value) : value));
    return server.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  private static Map<String, String> headers(JsonNode record) {
    Map<String, String> headers = new HashMap<>();
    record.get("headers").forEach(h -> headers.put(h.get("key").asText(), h.get("value").asText()));
    return headers;
  }
}
