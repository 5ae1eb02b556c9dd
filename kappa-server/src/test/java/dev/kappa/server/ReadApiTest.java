package dev.kappa.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.TestServer.Reply;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /streams/{stream}/events}: NDJSON reads by partition, offset, time and count. */
class ReadApiTest {

  private static final int PARTITIONS = 3;
  private static final int EVENTS = 30;

  @TempDir Path dir;
  private TestServer server;

  /** For each partition, the event numbers in offset order, as the ingest answers placed them. */
  private final List<List<Integer>> placed = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    server.schemalessStream("logs", PARTITIONS);
    for (int p = 0; p < PARTITIONS; p++) {
      placed.add(new ArrayList<>());
    }
    for (int i = 0; i < EVENTS; i++) {
      JsonNode placement = server.postJson("/streams/logs/events", "{\"n\":" + i + "}").json();
      int partition = placement.at("/events/0/partition").asInt();
      assertThat(placement.at("/events/0/offset").asLong()).isEqualTo(placed.get(partition).size());
      placed.get(partition).add(i);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The expected lines: (partition, offset, n) for partitions in order, from an offset. */
  private List<String> expected(int onlyPartition, long fromOffset, int max) {
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      if (onlyPartition >= 0 && p != onlyPartition) {
        continue;
      }
      List<Integer> events = placed.get(p);
      for (int offset = (int) Math.min(fromOffset, events.size());
          offset < events.size();
          offset++) {
        if (lines.size() < max) {
          lines.add(p + "@" + offset + "=" + events.get(offset));
        }
      }
    }
    return lines;
  }

  private List<String> read(String query) {
    Reply reply = server.get("/streams/logs/events" + query);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/x-ndjson");
    List<String> lines = new ArrayList<>();
    for (JsonNode r : reply.lines()) {
      lines.add(
          r.get("partition").asInt()
              + "@"
              + r.get("offset").asLong()
              + "="
              + r.at("/value/n").asInt());
    }
    return lines;
  }

  @Test
  void withoutParameters_readsEveryPartitionInOrder() {
    assertThat(read("")).containsExactlyElementsOf(expected(-1, 0, Integer.MAX_VALUE));
  }

  @Test
  void partition_readsOnlyThatPartition() {
    assertThat(read("?partition=1")).containsExactlyElementsOf(expected(1, 0, Integer.MAX_VALUE));
  }

  @Test
  void waitMs_atTheEnd_returnsTheRecordThatArrivesMeanwhile_orNothingOnTimeout() throws Exception {
    int end = placed.get(0).size();
    long started = System.nanoTime();
    assertThat(read("?partition=0&fromOffset=" + end + "&waitMs=200")).isEmpty();
    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(150_000_000L);
    var tail =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> read("?partition=0&fromOffset=" + end + "&waitMs=20000"));
    Thread.sleep(100);
    assertThat(tail).isNotDone();
    // Events go round-robin over partitions; post until one lands in partition 0.
    int n = EVENTS;
    while (true) {
      JsonNode placement = server.postJson("/streams/logs/events", "{\"n\":" + n + "}").json();
      if (placement.at("/events/0/partition").asInt() == 0) {
        break;
      }
      n++;
    }
    assertThat(tail.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .containsExactly("0@" + end + "=" + n);
  }

  @Test
  void partitionAndFromOffset_startThere() {
    assertThat(read("?partition=2&fromOffset=4"))
        .containsExactlyElementsOf(expected(2, 4, Integer.MAX_VALUE));
    assertThat(read("?partition=2&fromOffset=" + placed.get(2).size())).isEmpty();
  }

  @Test
  void fromOffsetWithoutPartition_appliesToEachPartition() {
    assertThat(read("?fromOffset=8")).containsExactlyElementsOf(expected(-1, 8, Integer.MAX_VALUE));
  }

  @Test
  void max_limitsTheTotal() {
    assertThat(read("?max=5")).containsExactlyElementsOf(expected(-1, 0, 5));
    assertThat(read("?max=12")).containsExactlyElementsOf(expected(-1, 0, 12));
  }

  @Test
  void eachLine_hasTheRecordFields() {
    JsonNode line = server.get("/streams/logs/events?max=1").lines().getFirst();
    assertThat(line.fieldNames())
        .toIterable()
        .containsExactly(
            "partition", "offset", "eventTime", "appendTime", "key", "headers", "value");
    assertThat(line.get("key").isNull()).isTrue();
    assertThat(line.get("eventTime").asLong()).isEqualTo(line.get("appendTime").asLong());
  }

  @Test
  void rawValues_sendsNonAvroValuesAsTheirBytes() {
    JsonNode line =
        server.get("/streams/logs/events?partition=0&max=1&rawValues=true").lines().getFirst();
    String expected = "{\"n\":" + placed.get(0).getFirst() + "}";

    assertThat(line.has("value")).isFalse();
    assertThat(new String(Base64.getDecoder().decode(line.get("valueBase64").asText()), UTF_8))
        .isEqualTo(expected);
  }

  @Test
  void badParameters_areRefusedBeforeAnythingIsSent() {
    assertError("?partition=3", 404, "unknown_partition");
    assertError("?partition=-1", 400, "invalid_request");
    assertError("?partition=one", 400, "invalid_request");
    assertError("?max=0", 400, "invalid_request");
    assertError("?max=100001", 400, "invalid_request");
    assertError("?fromOffset=1&fromTime=5", 400, "invalid_request");
    assertError("?fromTime=yesterday", 400, "invalid_request");
    assertError("?partition=0&fromOffset=999", 400, "offset_out_of_range");
    assertError("?rawValues=yes", 400, "invalid_request");
  }

  private void assertError(String query, int status, String code) {
    Reply reply = server.get("/streams/logs/events" + query);
    assertThat(reply.status()).as(query + " -> " + reply).isEqualTo(status);
    assertThat(reply.errorCode()).isEqualTo(code);
  }

  @Test
  void fromTime_startsAtTheFirstRecordAtOrAfterIt_inMillisOrIso() {
    server.put(
        "/streams/timed",
        """
        {"partitions":1,"eventTimeField":"ts","schema":{"type":"record","name":"E",\
        "fields":[{"name":"ts","type":"long"}]}}""");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      body.append("{\"ts\":").append(1_000_000L + i * 1000L).append("}\n");
    }
    assertThat(
            server.post("/streams/timed/events", "application/x-ndjson", body.toString()).status())
        .isEqualTo(200);

    List<JsonNode> fromMillis = server.get("/streams/timed/events?fromTime=1005000").lines();
    assertThat(fromMillis).hasSize(5);
    assertThat(fromMillis.getFirst().get("eventTime").asLong()).isEqualTo(1_005_000L);
    assertThat(fromMillis.getFirst().at("/value/ts").asLong()).isEqualTo(1_005_000L);

    String iso = Instant.ofEpochMilli(1_007_500L).toString();
    List<JsonNode> fromIso = server.get("/streams/timed/events?fromTime=" + iso).lines();
    assertThat(fromIso).hasSize(2);
    assertThat(fromIso.getFirst().get("eventTime").asLong()).isEqualTo(1_008_000L);
  }

  @Test
  void avroValues_areDecodedWithTheLatestSchema() {
    server.avroStream(
        "orders",
        1,
        "{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
    server.postJson("/streams/orders/events", "{\"id\":\"old\"}");
    Reply v2 =
        server.postJson(
            "/streams/orders/schemas",
            """
            {"type":"record","name":"O","fields":[{"name":"id","type":"string"},\
            {"name":"qty","type":"int","default":7}]}""");
    assertThat(v2.status()).isEqualTo(201);
    server.postJson("/streams/orders/events", "{\"id\":\"new\",\"qty\":2}");

    List<JsonNode> records = server.get("/streams/orders/events").lines();
    assertThat(records.get(0).get("value"))
        .isEqualTo(TestServer.JSON.createObjectNode().put("id", "old").put("qty", 7));
    assertThat(records.get(1).get("value"))
        .isEqualTo(TestServer.JSON.createObjectNode().put("id", "new").put("qty", 2));
    assertThat(server.get("/streams/orders/events?rawValues=true").lines())
        .as("rawValues does not apply to Avro values")
        .isEqualTo(records);
  }

  @Test
  void largeReads_streamEveryRecordAcrossManyLogReads() {
    server.schemalessStream("big", 1);
    String padding = "p".repeat(1000);
    int total = 0;
    for (int chunk = 0; chunk < 6; chunk++) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        body.append("{\"n\":")
            .append(total++)
            .append(",\"pad\":\"")
            .append(padding)
            .append("\"}\n");
      }
      assertThat(
              server.post("/streams/big/events", "application/x-ndjson", body.toString()).status())
          .isEqualTo(200);
    }
    List<JsonNode> records = server.get("/streams/big/events?max=100000").lines();
    assertThat(records).hasSize(total);
    for (int i = 0; i < total; i++) {
      assertThat(records.get(i).get("offset").asLong()).isEqualTo(i);
      assertThat(records.get(i).at("/value/n").asInt()).isEqualTo(i);
    }
  }
}
