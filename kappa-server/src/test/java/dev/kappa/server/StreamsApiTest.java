package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.TestServer.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /streams}, {@code PUT /streams/{stream}}, {@code GET /streams/{stream}}. */
class StreamsApiTest {

  private static final String SCHEMA =
      """
      {"type":"record","name":"Click","fields":[{"name":"page","type":"string"},\
      {"name":"ts","type":"long"}]}""";

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
  void put_createsTheStreamWithItsModelAndFirstSchema() {
    Reply reply =
        server.put(
            "/streams/clicks",
            """
            {"partitions":4,"retention":{"ms":86400000,"bytes":1073741824},"schemaless":false,
             "compatibility":"FULL","eventTimeField":"ts","schema":%s}"""
                .formatted(SCHEMA));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonNode stream = reply.json();
    assertThat(stream.get("name").asText()).isEqualTo("clicks");
    assertThat(stream.get("partitions").asInt()).isEqualTo(4);
    assertThat(stream.at("/retention/ms").asLong()).isEqualTo(86_400_000L);
    assertThat(stream.at("/retention/bytes").asLong()).isEqualTo(1_073_741_824L);
    assertThat(stream.get("model").asText()).isEqualTo("avro");
    assertThat(stream.get("schemaless").asBoolean()).isFalse();
    assertThat(stream.get("compatibility").asText()).isEqualTo("FULL");
    assertThat(stream.get("eventTimeField").asText()).isEqualTo("ts");
    assertThat(stream.get("latestVersion").asInt()).isEqualTo(1);
    assertThat(stream.at("/schemaVersion/version").asInt()).isEqualTo(1);
    assertThat(stream.at("/schemaVersion/schema/name").asText()).isEqualTo("Click");
    assertThat(stream.get("partitionOffsets")).hasSize(4);
  }

  @Test
  void put_withDefaults_createsOneForeverAvroPartition() {
    Reply reply = server.put("/streams/plain", "");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().get("partitions").asInt()).isEqualTo(1);
    assertThat(reply.json().at("/retention/ms").isNull()).isTrue();
    assertThat(reply.json().at("/retention/bytes").isNull()).isTrue();
    assertThat(reply.json().get("model").asText()).isEqualTo("avro");
    assertThat(reply.json().get("compatibility").asText()).isEqualTo("BACKWARD");
    assertThat(reply.json().get("latestVersion").isNull()).isTrue();
  }

  @Test
  void put_sameSettingsAgain_is200AndChangesNothing() {
    String settings = "{\"partitions\":2,\"schemaless\":true}";
    assertThat(server.put("/streams/logs", settings).status()).isEqualTo(201);
    Reply again = server.put("/streams/logs", settings);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().get("partitions").asInt()).isEqualTo(2);
    assertThat(again.json().get("schemaless").asBoolean()).isTrue();
  }

  @Test
  void put_otherPartitionCount_is409StreamExists() {
    server.schemalessStream("logs", 2);
    Reply reply = server.put("/streams/logs", "{\"partitions\":3}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo("stream_exists");
    assertThat(reply.json().at("/error/message").asText()).contains("2 partitions", "not 3");
    assertThat(server.get("/streams/logs").json().get("partitions").asInt()).isEqualTo(2);
  }

  @Test
  void put_otherRetention_is409StreamExists() {
    assertThat(server.put("/streams/logs", "{\"retention\":{\"ms\":1000}}").status())
        .isEqualTo(201);
    Reply reply = server.put("/streams/logs", "{\"retention\":{\"ms\":2000}}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo("stream_exists");
  }

  @Test
  void put_modelFieldsOnAnExistingStream_replaceThemAndKeepTheRest() {
    server.avroStream("clicks", 2, SCHEMA);
    Reply reply = server.put("/streams/clicks", "{\"compatibility\":\"NONE\"}");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("compatibility").asText()).isEqualTo("NONE");
    assertThat(reply.json().get("partitions").asInt()).isEqualTo(2);
    assertThat(reply.json().get("latestVersion").asInt()).isEqualTo(1);
    Reply eventTime = server.put("/streams/clicks", "{\"eventTimeField\":\"ts\"}");
    assertThat(eventTime.json().get("eventTimeField").asText()).isEqualTo("ts");
    assertThat(eventTime.json().get("compatibility").asText()).isEqualTo("NONE");
  }

  @Test
  void put_schemalessOnAStreamWithVersions_is409ModelConflict() {
    server.avroStream("clicks", 1, SCHEMA);
    Reply reply = server.put("/streams/clicks", "{\"schemaless\":true}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo("model_conflict");
    assertThat(server.get("/streams/clicks").json().get("model").asText()).isEqualTo("avro");
  }

  @Test
  void put_avroOnASchemalessStreamWithRecords_is409ModelConflict() {
    server.schemalessStream("logs", 1);
    assertThat(server.put("/streams/logs", "{\"schemaless\":false}").status()).isEqualTo(200);
    assertThat(server.put("/streams/logs", "{\"schemaless\":true}").status()).isEqualTo(200);
    server.postJson("/streams/logs/events", "{\"free\":\"form\"}");
    Reply reply = server.put("/streams/logs", "{\"schemaless\":false}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo("model_conflict");
    assertThat(server.get("/streams/logs").json().get("schemaless").asBoolean()).isTrue();
  }

  @Test
  void put_invalidSchema_is400AndCreatesNothing() {
    Reply reply = server.put("/streams/clicks", "{\"schema\":{\"type\":\"string\"}}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("invalid_schema");
    Reply garbage = server.put("/streams/clicks", "{\"schema\":{\"type\":\"record\"}}");
    assertThat(garbage.errorCode()).isEqualTo("invalid_schema");
    assertThat(server.get("/streams/clicks").status()).isEqualTo(404);
  }

  @Test
  void put_badSettings_are400InvalidRequestNamingTheField() {
    assertInvalid("{\"partitions\":0}", "partitions");
    assertInvalid("{\"partitions\":1025}", "partitions");
    assertInvalid("{\"partitions\":\"4\"}", "partitions");
    assertInvalid("{\"retention\":{\"ms\":0}}", "retention.ms");
    assertInvalid("{\"retention\":{\"days\":1}}", "days");
    assertInvalid("{\"compatibility\":\"SIDEWAYS\"}", "compatibility");
    assertInvalid("{\"schemaless\":\"yes\"}", "schemaless");
    assertInvalid("{\"eventTimeField\":\" \"}", "eventTimeField");
    assertInvalid("{\"partition\":2}", "partition");
    assertInvalid("{\"schemaless\":true,\"schema\":" + SCHEMA + "}", "schemaless");
    assertInvalid("[]", "object");
    assertThat(server.get("/streams/s").status()).isEqualTo(404);
  }

  @Test
  void put_eventTimeFieldOfATimestampType_isAccepted() {
    String types =
        """
        {"type":"record","name":"T","fields":[\
        {"name":"millis","type":"long"},\
        {"name":"micros","type":{"type":"long","logicalType":"timestamp-micros"}},\
        {"name":"iso","type":"string"},\
        {"name":"maybe","type":["null",{"type":"long","logicalType":"timestamp-millis"}]},\
        {"name":"flag","type":"boolean"}]}""";
    for (String field : List.of("millis", "micros", "iso", "maybe")) {
      Reply reply =
          server.put(
              "/streams/t-" + field,
              "{\"eventTimeField\":\"" + field + "\",\"schema\":" + types + "}");
      assertThat(reply.status()).as(field + " -> " + reply).isEqualTo(201);
    }
  }

  @Test
  void put_eventTimeFieldMissingOrOfTheWrongType_is400AndCreatesNothing() {
    String schema =
        """
        {"type":"record","name":"T","fields":[{"name":"page","type":"string"},\
        {"name":"flag","type":"boolean"},{"name":"n","type":["null","long","double"]},\
        {"name":"day","type":{"type":"int","logicalType":"date"}}]}""";
    assertEventTimeRefused("{\"eventTimeField\":\"tss\",\"schema\":" + schema + "}", "page");
    for (String field : List.of("flag", "n", "day")) {
      assertEventTimeRefused(
          "{\"eventTimeField\":\"" + field + "\",\"schema\":" + schema + "}", field);
    }
    assertEventTimeRefused("{\"eventTimeField\":\"ts\",\"schemaless\":true}", "schemaless");
    assertThat(server.get("/streams/s").status()).isEqualTo(404);
  }

  @Test
  void eventTimeField_isCheckedAgainstTheLatestSchema_andNewVersions() {
    server.avroStream("clicks", 1, SCHEMA);
    assertThat(server.put("/streams/clicks", "{\"eventTimeField\":\"page\"}").status())
        .as("page is an ISO-8601 string field")
        .isEqualTo(200);
    Reply wrong = server.put("/streams/clicks", "{\"eventTimeField\":\"nope\"}");
    assertThat(wrong.errorCode()).isEqualTo("invalid_event_time_field");
    assertThat(server.get("/streams/clicks").json().get("eventTimeField").asText())
        .isEqualTo("page");

    assertThat(server.put("/streams/later", "{\"eventTimeField\":\"ts\"}").status())
        .as("without a schema the check waits for the first version")
        .isEqualTo(201);
    Reply noTs =
        server.postJson(
            "/streams/later/schemas",
            "{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
    assertThat(noTs.status()).as(noTs.toString()).isEqualTo(400);
    assertThat(noTs.errorCode()).isEqualTo("invalid_event_time_field");
    assertThat(server.postJson("/streams/later/schemas", SCHEMA).status()).isEqualTo(201);
  }

  private void assertEventTimeRefused(String body, String mentioned) {
    Reply reply = server.put("/streams/s", body);
    assertThat(reply.status()).as(body + " -> " + reply).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("invalid_event_time_field");
    assertThat(reply.json().at("/error/message").asText()).contains(mentioned);
  }

  private void assertInvalid(String body, String mentioned) {
    Reply reply = server.put("/streams/s", body);
    assertThat(reply.status()).as(body + " -> " + reply).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("invalid_request");
    assertThat(reply.json().at("/error/message").asText()).contains(mentioned);
  }

  @Test
  void list_showsEveryStreamWithItsModelAndTotals() {
    server.avroStream("clicks", 2, SCHEMA);
    server.schemalessStream("logs", 3);
    server.postJson("/streams/logs/events", "{\"line\":1}");
    server.postJson("/streams/logs/events", "{\"line\":2}");

    JsonNode streams = server.get("/streams").json().get("streams");
    List<String> names = new ArrayList<>();
    streams.forEach(s -> names.add(s.get("name").asText()));
    assertThat(names).containsExactly("_kappa.deployments", "_kappa.schemas", "clicks", "logs");

    Map<String, JsonNode> byName = new HashMap<>();
    streams.forEach(s -> byName.put(s.get("name").asText(), s));
    JsonNode clicks = byName.get("clicks");
    assertThat(clicks.get("partitions").asInt()).isEqualTo(2);
    assertThat(clicks.get("schemaless").asBoolean()).isFalse();
    assertThat(clicks.get("latestVersion").asInt()).isEqualTo(1);
    assertThat(clicks.get("recordCount").asLong()).isZero();

    JsonNode logs = byName.get("logs");
    assertThat(logs.get("schemaless").asBoolean()).isTrue();
    assertThat(logs.get("model").asText()).isEqualTo("schemaless");
    assertThat(logs.get("recordCount").asLong()).isEqualTo(2);
    assertThat(logs.get("sizeBytes").asLong()).isPositive();

    assertThat(byName.get("_kappa.deployments").get("internal").asBoolean()).isTrue();
    assertThat(byName.get("_kappa.schemas").get("internal").asBoolean()).isTrue();
  }

  @Test
  void get_describesEachPartitionsOffsetsAfterIngest() {
    server.schemalessStream("logs", 3);
    long[] perPartition = new long[3];
    for (int i = 0; i < 7; i++) {
      Reply reply = server.postJson("/streams/logs/events", "{\"i\":" + i + "}");
      perPartition[reply.json().at("/events/0/partition").asInt()]++;
    }

    JsonNode stream = server.get("/streams/logs").json();
    assertThat(stream.get("recordCount").asLong()).isEqualTo(7);
    JsonNode partitions = stream.get("partitionOffsets");
    for (int p = 0; p < 3; p++) {
      JsonNode partition = partitions.get(p);
      assertThat(partition.get("partition").asInt()).isEqualTo(p);
      assertThat(partition.get("startOffset").asLong()).isZero();
      assertThat(partition.get("endOffset").asLong()).isEqualTo(perPartition[p]);
      assertThat(partition.get("durableEnd").asLong()).isEqualTo(perPartition[p]);
    }
  }

  @Test
  void get_unknownStream_is404() {
    Reply reply = server.get("/streams/nope");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorCode()).isEqualTo("unknown_stream");
  }

  @Test
  void streams_surviveARestart(@TempDir Path other) {
    server.close();
    server = TestServer.start(other);
    server.avroStream("clicks", 2, SCHEMA);
    server.close();
    server = TestServer.start(other);
    JsonNode stream = server.get("/streams/clicks").json();
    assertThat(stream.get("partitions").asInt()).isEqualTo(2);
    assertThat(stream.get("latestVersion").asInt()).isEqualTo(1);
  }
}
