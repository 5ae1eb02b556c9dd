package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.server.TestServer.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input is refused with its status and code, appends nothing (not even to the
 * schema registry's stream) and leaves the server serving.
 */
class BadInputApiTest {

  private static final String ORDER_SCHEMA =
      """
      {"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}""";

  private static final int MAX_EVENTS = 5;

  @TempDir Path dir;
  private TestServer server;
  private long recordsBefore;

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            dir,
            b ->
                b.maxBodyBytes(64 << 10)
                    .maxRecordBytes(1024)
                    .maxEventsPerRequest(MAX_EVENTS)
                    .idleTimeout(Duration.ofSeconds(2)));
    server.schemalessStream("clicks", 2);
    server.avroStream("orders", 1, ORDER_SCHEMA);
    recordsBefore = totalRecords();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private long totalRecords() {
    long total = 0;
    for (var stream : server.get("/streams").json().get("streams")) {
      total += stream.get("recordCount").asLong();
    }
    return total;
  }

  private void assertRefusedWithoutEffect(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
    assertThat(reply.json().get("error").get("message").asText()).isNotBlank();
    assertThat(totalRecords()).as("records after the bad request").isEqualTo(recordsBefore);
    assertThat(server.serves()).isTrue();
  }

  @Test
  void declaredLengthOverLimit_isRefusedAt413WithoutReadingTheBody() {
    long start = System.nanoTime();
    boolean[] closed = new boolean[1];
    String response;
    try (RawHttp raw = new RawHttp(server.server.port())) {
      raw.send(
          "POST /streams/clicks/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000000000",
          "{\"a\":".getBytes(StandardCharsets.US_ASCII));
      response = raw.readUntilClosed(Duration.ofSeconds(10), closed);
    }
    assertThat(RawHttp.status(response)).as(response).isEqualTo(413);
    assertThat(response)
        .contains("\"payload_too_large\"")
        .containsIgnoringCase("Connection: close");
    assertThat(closed[0]).as("connection closed after the 413").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertRefusedWithoutEffect(server.get("/streams/unknown-stream-x"), 404, "unknown_stream");
  }

  @Test
  void chunkedBodyOverLimit_isRefusedAt413AfterReadingOnlyUpToTheLimit() {
    byte[] chunk = ("[" + "1,".repeat(4000) + "1]").getBytes(StandardCharsets.US_ASCII);
    String head =
        "POST /streams/clicks/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked";
    StringBuilder chunks = new StringBuilder();
    // 10 chunks of 8 KB: 80 KB in all, over the 64 KiB limit; the terminating chunk is never sent.
    for (int i = 0; i < 10; i++) {
      chunks.append(Integer.toHexString(chunk.length)).append("\r\n");
      chunks.append(new String(chunk, StandardCharsets.US_ASCII)).append("\r\n");
    }
    boolean[] closed = new boolean[1];
    String response;
    try (RawHttp raw = new RawHttp(server.server.port())) {
      raw.send(head, chunks.toString().getBytes(StandardCharsets.US_ASCII));
      response = raw.readUntilClosed(Duration.ofSeconds(10), closed);
    }
    assertThat(RawHttp.status(response)).as(response).isEqualTo(413);
    assertThat(response).contains("\"payload_too_large\"");
    assertRefusedWithoutEffect(server.get("/streams/unknown-stream-x"), 404, "unknown_stream");
  }

  @Test
  void bodyOfUnknownLengthOverLimit_isRefusedAt413() {
    byte[] big = new byte[256 << 10];
    java.util.Arrays.fill(big, (byte) ' ');
    Reply reply =
        server.send(
            HttpRequest.newBuilder(server.uri("/streams/clicks/events"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
    assertRefusedWithoutEffect(reply, 413, "payload_too_large");
  }

  @Test
  void ingest_tooManyNdjsonEvents_returns413AndAppendsNothing() {
    String body = "{\"a\":1}\n".repeat(MAX_EVENTS + 1);
    Reply reply = server.post("/streams/clicks/events", "application/x-ndjson", body);
    assertRefusedWithoutEffect(reply, 413, "too_many_events");
    assertThat(reply.json().at("/error/max").asInt()).isEqualTo(MAX_EVENTS);
    assertThat(reply.json().at("/error/limit").asText()).isEqualTo("maxEventsPerRequest");
  }

  @Test
  void ingest_tooManyCloudEventsInABatch_returns413AndAppendsNothing() {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i <= MAX_EVENTS; i++) {
      batch.append(i == 0 ? "" : ",");
      batch.append("{\"specversion\":\"1.0\",\"id\":\"").append(i);
      batch.append("\",\"source\":\"/s\",\"type\":\"t\",\"data\":{}}");
    }
    Reply reply =
        server.post(
            "/streams/clicks/events",
            "application/cloudevents-batch+json",
            batch.append("]").toString());
    assertRefusedWithoutEffect(reply, 413, "too_many_events");
  }

  @Test
  void ingest_exactlyMaxEvents_isAccepted() {
    String body = "{\"a\":1}\n".repeat(MAX_EVENTS) + "\n  \n";
    Reply reply = server.post("/streams/clicks/events", "application/x-ndjson", body);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("appended").asInt()).isEqualTo(MAX_EVENTS);
  }

  @Test
  void recordOverMaxRecordBytes_isRefusedPerEvent() {
    String big = "{\"text\":\"" + "x".repeat(4000) + "\"}";
    Reply reply = server.postJson("/streams/clicks/events", big);
    assertRefusedWithoutEffect(reply, 400, "invalid_events");
    assertThat(reply.json().at("/error/events/0/code").asText()).isEqualTo("record_too_large");
  }

  @Test
  void nestingDepth1000_isRefusedNamingTheLimit() {
    String deep = "[".repeat(1000) + "]".repeat(1000);
    Reply reply = server.postJson("/streams/clicks/events", deep);
    assertRefusedWithoutEffect(reply, 400, "json_limits");
    assertThat(reply.json().at("/error/limit").asText()).isEqualTo("json.maxNestingDepth");
    assertThat(reply.json().at("/error/max").asInt()).isEqualTo(64);
  }

  @Test
  void nestingDepthWithinTheLimit_isAccepted() {
    String deep = "[".repeat(60) + "]".repeat(60);
    Reply reply = server.postJson("/streams/clicks/events", deep);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  @Test
  void stringOverTheLimit_isRefusedNamingTheLimit(@TempDir Path other) {
    server.close();
    server = TestServer.start(other, b -> b.jsonMaxStringLength(1000));
    server.schemalessStream("clicks", 1);
    recordsBefore = totalRecords();
    Reply reply = server.postJson("/streams/clicks/events", "{\"s\":\"" + "y".repeat(1001) + "\"}");
    assertRefusedWithoutEffect(reply, 400, "json_limits");
    assertThat(reply.json().at("/error/limit").asText()).isEqualTo("json.maxStringLength");
  }

  @Test
  void numberOverTheLimit_isRefusedNamingTheLimit() {
    Reply reply = server.postJson("/streams/clicks/events", "{\"n\":" + "9".repeat(1001) + "}");
    assertRefusedWithoutEffect(reply, 400, "json_limits");
    assertThat(reply.json().at("/error/limit").asText()).isEqualTo("json.maxNumberLength");
  }

  @Test
  void jsonLimitsInAnNdjsonLine_failTheWholeRequest() {
    String body = "{\"ok\":1}\n" + "[".repeat(100) + "]".repeat(100) + "\n";
    Reply reply = server.post("/streams/clicks/events", "application/x-ndjson", body);
    assertRefusedWithoutEffect(reply, 400, "json_limits");
  }

  @Test
  void malformedJson_isRefusedWithLineAndColumn() {
    Reply reply = server.postJson("/streams/clicks/events", "{\n  \"a\": 1,\n  oops\n}");
    assertRefusedWithoutEffect(reply, 400, "malformed_json");
    assertThat(reply.json().at("/error/line").asInt()).isEqualTo(3);
    assertThat(reply.json().at("/error/column").asInt()).isEqualTo(3);
    assertThat(reply.json().at("/error/message").asText()).contains("line 3, column 3");
  }

  @Test
  void trailingGarbageAfterTheJsonValue_isMalformed() {
    Reply reply = server.postJson("/streams/clicks/events", "{\"a\":1} {\"b\":2}");
    assertRefusedWithoutEffect(reply, 400, "malformed_json");
  }

  @Test
  void emptyJsonBody_isMalformed() {
    assertRefusedWithoutEffect(
        server.postJson("/streams/clicks/events", ""), 400, "malformed_json");
  }

  @Test
  void fuzzerFindings_hugeExponentAndUtf32LookingBytes_areMalformedNotServerErrors()
      throws IOException {
    assertRefusedWithoutEffect(
        server.postJson("/streams/clicks/events", "{\"n\":0e46251417400}"), 400, "malformed_json");
    byte[] utf32 = {0, 0, 0, '{', 0, 0, 0, '"', 0x75, 0x31, 0x00, 0x72, 0, 0, 0, '"'};
    assertRefusedWithoutEffect(
        server.post("/streams/clicks/events", "application/json", utf32), 400, "malformed_json");
  }

  @Test
  void invalidUtf8_isMalformed() {
    byte[] body = {'"', (byte) 0xC3, (byte) 0x28, '"'};
    Reply reply = server.post("/streams/clicks/events", "application/json", body);
    assertRefusedWithoutEffect(reply, 400, "malformed_json");
  }

  @Test
  void unknownStream_is404() {
    assertRefusedWithoutEffect(
        server.postJson("/streams/nope/events", "{}"), 404, "unknown_stream");
    assertRefusedWithoutEffect(server.get("/streams/nope"), 404, "unknown_stream");
    assertRefusedWithoutEffect(server.get("/streams/nope/events"), 404, "unknown_stream");
    assertRefusedWithoutEffect(server.get("/streams/nope/schemas"), 404, "unknown_stream");
  }

  @Test
  void wrongContentType_is415ListingTheAcceptedTypes() {
    Reply reply = server.post("/streams/clicks/events", "text/plain", "hello");
    assertRefusedWithoutEffect(reply, 415, "unsupported_media_type");
    assertThat(reply.json().at("/error/accepted").toString())
        .contains(
            "application/json",
            "application/x-ndjson",
            "application/cloudevents+json",
            "application/cloudevents-batch+json");
    Reply schema = server.post("/streams/orders/schemas", "text/plain", ORDER_SCHEMA);
    assertRefusedWithoutEffect(schema, 415, "unsupported_media_type");
  }

  @Test
  void missingContentType_is415() {
    Reply reply =
        server.send(
            HttpRequest.newBuilder(server.uri("/streams/clicks/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertRefusedWithoutEffect(reply, 415, "unsupported_media_type");
  }

  @Test
  void pathTricks_areInvalidStreamNamesAndTouchNoFiles() throws IOException {
    List<String> before = listTree(dir);
    for (String name :
        List.of(
            "a%2Fb",
            "%2e%2e",
            "..%2F..%2Fetc",
            "%2E%2E%2F%2E%2E%2Fdata",
            ".hidden",
            "a..b",
            "..",
            "a%5Cb",
            "x".repeat(201))) {
      assertRefusedWithoutEffect(
          server.put("/streams/" + name, "{\"schemaless\":true}"), 400, "invalid_stream_name");
      assertRefusedWithoutEffect(
          server.postJson("/streams/" + name + "/events", "{}"), 400, "invalid_stream_name");
      assertRefusedWithoutEffect(
          server.get("/streams/" + name + "/events"), 400, "invalid_stream_name");
    }
    assertThat(listTree(dir)).isEqualTo(before);
  }

  @Test
  void urisJettyRefuses_areAnsweredInTheErrorShape() throws IOException {
    List<String> before = listTree(dir);
    assertRefusedWithoutEffect(server.get("/streams/../../etc/passwd"), 400, "invalid_request");
    assertRefusedWithoutEffect(server.get("/streams/a%00b/events"), 400, "invalid_request");
    assertRefusedWithoutEffect(
        server.postJson("/streams/a%00b/events", "{}"), 400, "invalid_request");
    assertThat(listTree(dir)).isEqualTo(before);
  }

  @Test
  void requestsJettyCannotParse_areAnsweredInTheErrorShape() {
    assertRawRefusal("NOT HTTP AT ALL\r\n\r\n", 400, "invalid_request");
    assertRawRefusal(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
        431,
        "headers_too_large");
    assertRawRefusal(
        "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long");
    assertThat(totalRecords()).isEqualTo(recordsBefore);
    assertThat(server.serves()).isTrue();
  }

  private void assertRawRefusal(String request, int status, String code) {
    try (RawHttp raw = new RawHttp(server.server.port())) {
      raw.sendBytes(request.getBytes(StandardCharsets.US_ASCII));
      String response = raw.readUntilClosed(Duration.ofSeconds(5), new boolean[1]);
      assertThat(RawHttp.status(response)).as(response).isEqualTo(status);
      assertThat(response).contains("application/json", "\"" + code + "\"");
    }
  }

  @Test
  void writesToReservedStreams_areRefused() {
    assertRefusedWithoutEffect(
        server.postJson("/streams/_kappa.schemas/events", "{}"), 400, "invalid_stream_name");
    assertRefusedWithoutEffect(
        server.put("/streams/_kappa.other", "{\"schemaless\":true}"), 400, "invalid_stream_name");
    assertThat(server.get("/streams/_kappa.schemas").status()).isEqualTo(200);
  }

  @Test
  void deadLetterNames_areRefusedForCreationAndWrites_butReadable() {
    assertRefusedWithoutEffect(
        server.put("/streams/mine.deadletter", "{\"schemaless\":true}"),
        400,
        "invalid_stream_name");
    server.post("/streams/orders/events?onInvalid=deadletter", "application/json", "{\"id\":5}");
    recordsBefore = totalRecords();
    assertRefusedWithoutEffect(
        server.postJson("/streams/orders.deadletter/events", "{}"), 400, "invalid_stream_name");
    assertRefusedWithoutEffect(
        server.put("/streams/orders.deadletter", "{}"), 400, "invalid_stream_name");
    assertThat(server.get("/streams/orders.deadletter/events").lines()).hasSize(1);
  }

  @Test
  void newStreamNames_leaveRoomForTheDeadLetterSuffix() {
    String longest = "s".repeat(189);
    Reply tooLong = server.put("/streams/" + longest + "x", "{\"schemaless\":true}");
    assertRefusedWithoutEffect(tooLong, 400, "invalid_stream_name");
    assertThat(tooLong.json().at("/error/message").asText()).contains("189");

    assertThat(server.put("/streams/" + longest, "{\"schemaless\":true}").status()).isEqualTo(201);
    Reply lettered =
        server.post(
            "/streams/" + longest + "/events?onInvalid=deadletter",
            "application/x-ndjson",
            "{\"ok\":1}\n{\"broken\"\n");
    assertThat(lettered.status()).as(lettered.toString()).isEqualTo(200);
    assertThat(lettered.json().at("/events/1/stream").asText())
        .hasSize(200)
        .isEqualTo(longest + ".deadletter");
  }

  @Test
  void unknownPath_andWrongMethod_answerInTheErrorShape() {
    assertRefusedWithoutEffect(server.get("/nowhere"), 404, "not_found");
    Reply wrongMethod = server.postJson("/health", "{}");
    assertRefusedWithoutEffect(wrongMethod, 405, "method_not_allowed");
  }

  @Test
  void badOnInvalidParameter_isAnInvalidRequest() {
    assertRefusedWithoutEffect(
        server.postJson("/streams/clicks/events?onInvalid=ignore", "{}"), 400, "invalid_request");
  }

  private static List<String> listTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isDirectory)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
