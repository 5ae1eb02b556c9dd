package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.server.TestServer.Reply;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /streams/{stream}/events} with {@code application/json} and NDJSON bodies. */
class IngestApiTest {

  private static final String ORDER =
      """
      {"type":"record","name":"Order","fields":[{"name":"id","type":"string"},\
      {"name":"qty","type":"int","default":1},{"name":"ts","type":"long"}]}""";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void json_oneObject_isAppendedAndReadBackDecoded() {
    server.put("/streams/orders", "{\"eventTimeField\":\"ts\",\"schema\":" + ORDER + "}");
    Reply reply =
        server.postJson("/streams/orders/events", "{\"id\":\"o-1\",\"ts\":1700000000000}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("stream").asText()).isEqualTo("orders");
    assertThat(body.get("appended").asInt()).isEqualTo(1);
    assertThat(body.get("duplicates").asInt()).isZero();
    assertThat(body.get("deadLettered").asInt()).isZero();
    JsonNode placement = body.get("events").get(0);
    assertThat(placement.get("index").asInt()).isZero();
    assertThat(placement.get("stream").asText()).isEqualTo("orders");
    assertThat(placement.get("offset").asLong()).isZero();
    assertThat(placement.get("duplicate").asBoolean()).isFalse();

    JsonNode record = server.get("/streams/orders/events").lines().getFirst();
    assertThat(record.get("value"))
        .isEqualTo(object("id", "o-1").put("qty", 1).put("ts", 1_700_000_000_000L));
    assertThat(record.get("eventTime").asLong()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void json_topLevelArray_isOneEventNotABatch() {
    server.schemalessStream("logs", 1);
    Reply reply = server.postJson("/streams/logs/events", "[1,2,3]");
    assertThat(reply.json().get("appended").asInt()).isEqualTo(1);
    assertThat(server.get("/streams/logs/events").lines().getFirst().get("value"))
        .isEqualTo(NODES.arrayNode().add(1).add(2).add(3));
  }

  @Test
  void ndjson_randomEvents_areEachReadBackAtTheirPlacement() {
    long seed = System.nanoTime();
    try {
      ndjsonRoundTrip(new Random(seed));
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  private void ndjsonRoundTrip(Random random) {
    server.schemalessStream("logs", 3);
    List<JsonNode> sent = new ArrayList<>();
    Map<String, JsonNode> expectedAt = new HashMap<>();
    while (sent.size() < 300) {
      int count = 1 + random.nextInt(40);
      StringBuilder body = new StringBuilder();
      List<JsonNode> batch = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String event = RandomJson.object(random, 3).toString();
        batch.add(parse(event));
        body.append(event).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        if (random.nextInt(6) == 0) {
          body.append("  \n");
        }
      }
      Reply reply = server.post("/streams/logs/events", "application/x-ndjson", body.toString());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.json().get("appended").asInt()).isEqualTo(count);
      JsonNode placements = reply.json().get("events");
      for (int i = 0; i < count; i++) {
        JsonNode p = placements.get(i);
        assertThat(p.get("index").asInt()).isEqualTo(i);
        expectedAt.put(p.get("partition").asInt() + "@" + p.get("offset").asLong(), batch.get(i));
      }
      sent.addAll(batch);
    }
    List<JsonNode> read = server.get("/streams/logs/events?max=100000").lines();
    assertThat(read).hasSize(sent.size());
    int lastPartition = -1;
    for (JsonNode record : read) {
      int partition = record.get("partition").asInt();
      assertThat(partition).isGreaterThanOrEqualTo(lastPartition);
      lastPartition = partition;
      String at = partition + "@" + record.get("offset").asLong();
      assertThat(record.get("value")).as(at).isEqualTo(expectedAt.get(at));
    }
  }

  @Test
  void ndjson_malformedLine_rejectsTheBatchNamingTheLine() {
    server.schemalessStream("logs", 1);
    Reply reply =
        server.post(
            "/streams/logs/events", "application/x-ndjson", "{\"a\":1}\n\n{\"b\":\n{\"c\":3}\n");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("invalid_events");
    JsonNode errors = reply.json().at("/error/events");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(errors.get(0).get("code").asText()).isEqualTo("malformed_json");
    assertThat(errors.get(0).get("message").asText()).contains("line 3");
    assertThat(server.recordCount("logs")).isZero();
  }

  @Test
  void invalidEvent_rejectsTheBatchWithItsPath() {
    server.avroStream("orders", 1, ORDER);
    Reply reply =
        server.post(
            "/streams/orders/events",
            "application/x-ndjson",
            "{\"id\":\"ok\",\"ts\":1}\n{\"id\":5,\"ts\":2}\n");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("invalid_events");
    JsonNode error = reply.json().at("/error/events/0");
    assertThat(error.get("index").asInt()).isEqualTo(1);
    assertThat(error.get("code").asText()).isEqualTo("invalid_event");
    assertThat(error.get("path").asText()).isEqualTo("$.id");
    assertThat(server.recordCount("orders")).isZero();
  }

  @Test
  void avroStreamWithoutSchema_rejectsEvents() {
    assertThat(server.put("/streams/orders", "{}").status()).isEqualTo(201);
    Reply reply = server.postJson("/streams/orders/events", "{\"id\":\"x\"}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().at("/error/events/0/code").asText()).isEqualTo("no_schema");
  }

  @Test
  void onInvalidDeadletter_appendsTheValidAndDeadLettersTheRest() {
    server.avroStream("orders", 1, ORDER);
    Reply reply =
        server.post(
            "/streams/orders/events?onInvalid=deadletter",
            "application/x-ndjson",
            "{\"id\":\"ok\",\"ts\":1}\n{\"id\":5,\"ts\":2}\n");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("appended").asInt()).isEqualTo(1);
    assertThat(reply.json().get("deadLettered").asInt()).isEqualTo(1);
    assertThat(reply.json().at("/events/1/stream").asText()).isEqualTo("orders.deadletter");
    assertThat(server.recordCount("orders")).isEqualTo(1);
    assertThat(server.recordCount("orders.deadletter")).isEqualTo(1);
    JsonNode letter = server.get("/streams/orders.deadletter/events").lines().getFirst();
    assertThat(letter.at("/value/code").asText()).isEqualTo("invalid_event");
  }

  @Test
  void onInvalidDeadletter_eventOverMaxRecordBytes_isDeadLetteredTruncatedWithLengthAndDigest()
      throws Exception {
    String big = "{\"pad\":\"" + "é".repeat(1500) + "\"}";
    byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
    String expectedDigest =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bigBytes));
    try (TestServer small = TestServer.start(dir.resolve("small"), b -> b.maxRecordBytes(1024))) {
      small.schemalessStream("logs", 1);
      Reply reply =
          small.post(
              "/streams/logs/events?onInvalid=deadletter",
              "application/x-ndjson",
              "{\"a\":1}\n" + big + "\n{\"a\":2}\n");

      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.json().get("appended").asInt()).isEqualTo(2);
      assertThat(reply.json().get("deadLettered").asInt()).isEqualTo(1);
      assertThat(small.recordCount("logs")).isEqualTo(2);
      JsonNode letter = small.get("/streams/logs.deadletter/events").lines().getFirst();
      JsonNode value = letter.get("value");
      assertThat(value.get("code").asText()).isEqualTo("record_too_large");
      assertThat(value.get("truncated").asBoolean()).isTrue();
      assertThat(value.get("payloadBytes").asInt()).isEqualTo(bigBytes.length);
      assertThat(value.get("payloadSha256").asText()).isEqualTo(expectedDigest);
      String prefix = value.get("payload").asText();
      assertThat(prefix).isNotEmpty();
      assertThat(big).startsWith(prefix).isNotEqualTo(prefix);
    }
  }

  @Test
  void idempotencyKey_retry_isReportedAsDuplicateAtTheSameOffsets() {
    server.schemalessStream("logs", 2);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri("/streams/logs/events"))
            .header("Content-Type", "application/x-ndjson")
            .header("Idempotency-Key", "batch-7")
            .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}\n{\"a\":2}\n"));
    JsonNode first = server.send(request).json();
    JsonNode retry = server.send(request).json();

    assertThat(first.get("appended").asInt()).isEqualTo(2);
    assertThat(retry.get("appended").asInt()).isZero();
    assertThat(retry.get("duplicates").asInt()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      JsonNode a = first.get("events").get(i);
      JsonNode b = retry.get("events").get(i);
      assertThat(b.get("duplicate").asBoolean()).isTrue();
      assertThat(b.get("partition")).isEqualTo(a.get("partition"));
      assertThat(b.get("offset")).isEqualTo(a.get("offset"));
    }
    assertThat(server.recordCount("logs")).isEqualTo(2);
  }

  @Test
  void idempotencyKey_reusedWithAnotherBody_is422_andARetryStillGetsTheOriginal_acrossARestart() {
    server.schemalessStream("logs", 2);
    JsonNode first = postWithKey("k-9", "{\"a\":1}\n{\"a\":2}\n").json();
    for (int run = 0; run < 2; run++) {
      Reply reused = postWithKey("k-9", "{\"a\":1}\n{\"a\":2000}\n");
      assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
      assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");
      assertThat(reused.json().at("/error/idempotencyKey").asText()).isEqualTo("k-9");
      JsonNode retry = postWithKey("k-9", "{\"a\":1}\n{\"a\":2}\n").json();
      assertThat(retry.get("duplicates").asInt()).isEqualTo(2);
      assertThat(retry.get("events")).isEqualTo(duplicatesOf(first.get("events")));
      assertThat(server.recordCount("logs")).isEqualTo(2);
      server.close();
      server = TestServer.start(dir);
    }
  }

  private Reply postWithKey(String key, String ndjson) {
    return server.send(
        HttpRequest.newBuilder(server.uri("/streams/logs/events"))
            .header("Content-Type", "application/x-ndjson")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(ndjson)));
  }

  /** The placements of a first request as a retry of it reports them. */
  private static JsonNode duplicatesOf(JsonNode placements) {
    ArrayNode expected = placements.deepCopy();
    expected.forEach(p -> ((ObjectNode) p).put("duplicate", true));
    return expected;
  }

  @Test
  void ingest_moreThanTheDefault100000Events_returns413AndAppendsNothing() {
    server.schemalessStream("logs", 1);
    Reply reply =
        server.post("/streams/logs/events", "application/x-ndjson", "{}\n".repeat(100_001));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(413);
    assertThat(reply.errorCode()).isEqualTo("too_many_events");
    assertThat(reply.json().at("/error/max").asInt()).isEqualTo(100_000);
    assertThat(server.recordCount("logs")).isZero();
  }

  @Test
  void concurrentRequests_eachGetTheirOwnOffsets() throws Exception {
    server.schemalessStream("logs", 2);
    ConcurrentLinkedQueue<String> placements = new ConcurrentLinkedQueue<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    Reply reply =
                        server.postJson(
                            "/streams/logs/events", "{\"t\":" + thread + ",\"i\":" + i + "}");
                    assertThat(reply.status()).isEqualTo(200);
                    JsonNode p = reply.json().at("/events/0");
                    placements.add(p.get("partition").asInt() + "@" + p.get("offset").asLong());
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    }
    Set<String> distinct = new HashSet<>(placements);
    assertThat(distinct).hasSize(200);
    assertThat(server.recordCount("logs")).isEqualTo(200);
  }

  /** The test's own reading of JSON text, the expectation for what the server reads back. */
  private static JsonNode parse(String json) {
    try {
      return TestServer.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectNode object(String field, String value) {
    return NODES.objectNode().put(field, value);
  }

  /** Random JSON values: nested objects and arrays of strings, numbers, booleans and nulls. */
  static final class RandomJson {

    private RandomJson() {}

    static ObjectNode object(Random random, int depth) {
      ObjectNode node = NODES.objectNode();
      int fields = random.nextInt(5);
      for (int i = 0; i < fields; i++) {
        node.set("f" + i + text(random, 3), value(random, depth - 1));
      }
      return node;
    }

    static JsonNode value(Random random, int depth) {
      int kind = random.nextInt(depth > 0 ? 8 : 6);
      return switch (kind) {
        case 0 -> NODES.textNode(text(random, 12));
        case 1 -> NODES.numberNode(random.nextLong());
        case 2 -> NODES.numberNode(random.nextInt(1000) / 8.0);
        case 3 -> NODES.booleanNode(random.nextBoolean());
        case 4 -> NODES.nullNode();
        case 5 -> NODES.numberNode(random.nextInt());
        case 6 -> object(random, depth);
        default -> {
          ArrayNode array = NODES.arrayNode();
          for (int i = random.nextInt(4); i > 0; i--) {
            array.add(value(random, depth - 1));
          }
          yield array;
        }
      };
    }

    private static String text(Random random, int maxLength) {
      String alphabet = "abcxyz 019\"\\/\té€😀\n";
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
        int at = random.nextInt(alphabet.length());
        char c = alphabet.charAt(at);
        if (Character.isHighSurrogate(c)) {
          s.append(c).append(alphabet.charAt(at + 1));
        } else if (!Character.isLowSurrogate(c)) {
          s.append(c);
        }
      }
      return s.toString();
    }
  }
}
