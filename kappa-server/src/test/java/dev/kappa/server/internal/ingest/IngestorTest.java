package dev.kappa.server.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.UnknownStreamException;
import dev.kappa.schema.JsonValues;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.ingest.IngestOutcome.Accepted;
import dev.kappa.server.internal.ingest.IngestOutcome.Placement;
import dev.kappa.server.internal.ingest.IngestOutcome.Rejected;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLICK =
      """
      {"type":"record","name":"Click","fields":[
        {"name":"user","type":"string"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"n","type":"int","default":0}]}""";

  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private Log open() {
    return EmbeddedLog.open(dir);
  }

  private static void setUp(Log log, SchemaRegistry registry) {
    log.createStream(StreamConfig.of("clicks", 3));
    registry.define(StreamModel.avro("clicks").withEventTimeField("ts"));
    registry.register("clicks", CLICK);
    log.createStream(StreamConfig.of("raw", 1));
    registry.define(StreamModel.schemaless("raw"));
  }

  static IncomingEvent json(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return IncomingEvent.json(node, text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      return IncomingEvent.unparseable(text.getBytes(StandardCharsets.UTF_8), e.getMessage());
    }
  }

  static IncomingEvent cloudEvent(String id, String data, String time) {
    IncomingEvent plain = json(data);
    Map<String, String> ce =
        time == null
            ? Map.of("id", id, "source", "/test", "type", "t", "specversion", "1.0")
            : Map.of("id", id, "source", "/test", "type", "t", "specversion", "1.0", "time", time);
    return new IncomingEvent(plain.json(), plain.raw(), "application/json", ce, null);
  }

  static String click(String user, long ts) {
    return "{\"user\":\"" + user + "\",\"ts\":" + ts + "}";
  }

  private static List<LogRecord> readAll(Log log, String stream) {
    List<LogRecord> all = new ArrayList<>();
    for (var p : log.describeStream(stream).partitions()) {
      all.addAll(log.read(stream, p.partition(), p.startOffset(), 1 << 20).records());
    }
    return all;
  }

  @Test
  void validBatch_isAppendedDurably_withEventTimeFromTheModelField() {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      var outcome =
          ingestor.ingest(
              new IngestRequest(
                  "clicks", List.of(json(click("a", 1000)), json(click("b", 2000))), null, false));
      assertThat(outcome).isInstanceOf(Accepted.class);
      List<Placement> placements = ((Accepted) outcome).placements();
      assertThat(placements).extracting(Placement::duplicate).containsExactly(false, false);
      for (Placement p : placements) {
        LogRecord r = log.read("clicks", p.partition(), p.offset(), 1).records().getFirst();
        var decoded = registry.codec().decode(java.nio.ByteBuffer.wrap(r.value()));
        assertThat(JsonValues.toJson(decoded).get("user").asText())
            .isEqualTo(p.index() == 0 ? "a" : "b");
        assertThat(r.eventTime()).isEqualTo(p.index() == 0 ? 1000 : 2000);
      }
    }
  }

  @Test
  void invalidEvent_rejectsTheWholeBatch_andAppendsNothing() {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      var outcome =
          ingestor.ingest(
              new IngestRequest(
                  "clicks",
                  List.of(
                      json(click("a", 1)),
                      json("{\"user\":5,\"ts\":1}"),
                      json("{not json"),
                      json(click("c", 3))),
                  null,
                  false));
      assertThat(outcome).isInstanceOf(Rejected.class);
      var errors = ((Rejected) outcome).errors();
      assertThat(errors).extracting(e -> e.index()).containsExactly(1, 2);
      assertThat(errors.get(0).code()).isEqualTo("invalid_event");
      assertThat(errors.get(0).path()).isEqualTo("$.user");
      assertThat(errors.get(1).code()).isEqualTo("malformed_json");
      assertThat(readAll(log, "clicks")).isEmpty();
      assertThat(log.hasStream("clicks.deadletter")).isFalse();
    }
  }

  @Test
  void deadLetterMode_appendsValidEvents_andSendsInvalidOnesWithReasonAndPayload()
      throws Exception {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      String bad = "{\"user\":\"x\",\"ts\":\"yesterday\"}";
      var outcome =
          (Accepted)
              ingestor.ingest(
                  new IngestRequest("clicks", List.of(json(click("a", 1)), json(bad)), null, true));
      assertThat(outcome.placements().get(0).stream()).isEqualTo("clicks");
      assertThat(outcome.placements().get(1).stream()).isEqualTo("clicks.deadletter");
      assertThat(readAll(log, "clicks")).hasSize(1);
      List<LogRecord> dead = readAll(log, "clicks.deadletter");
      assertThat(dead).hasSize(1);
      JsonNode letter = JSON.readTree(dead.getFirst().value());
      assertThat(letter.get("stream").asText()).isEqualTo("clicks");
      assertThat(letter.get("index").asInt()).isEqualTo(1);
      assertThat(letter.get("path").asText()).isEqualTo("$.ts");
      assertThat(letter.get("payload").asText()).isEqualTo(bad);
      assertThat(registry.model("clicks.deadletter").orElseThrow().schemaless()).isTrue();
    }
  }

  @Test
  void cloudEventRetry_returnsOriginalOffsets_evenAcrossARestart() {
    List<Placement> first;
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      first =
          ((Accepted)
                  ingestor.ingest(
                      new IngestRequest(
                          "clicks",
                          List.of(
                              cloudEvent("e1", click("a", 1), null),
                              cloudEvent("e2", click("b", 2), null)),
                          null,
                          false)))
              .placements();
      var retry =
          (Accepted)
              ingestor.ingest(
                  new IngestRequest(
                      "clicks",
                      List.of(
                          cloudEvent("e2", click("b", 2), null),
                          cloudEvent("e3", click("c", 3), null)),
                      null,
                      false));
      assertThat(retry.placements().get(0).duplicate()).isTrue();
      assertThat(retry.placements().get(0).offset()).isEqualTo(first.get(1).offset());
      assertThat(retry.placements().get(0).partition()).isEqualTo(first.get(1).partition());
      assertThat(retry.placements().get(1).duplicate()).isFalse();
      assertThat(readAll(log, "clicks")).hasSize(3);
    }
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      var again =
          (Accepted)
              ingestor.ingest(
                  new IngestRequest(
                      "clicks", List.of(cloudEvent("e1", click("a", 1), null)), null, false));
      assertThat(again.placements().getFirst().duplicate()).isTrue();
      assertThat(again.placements().getFirst().offset()).isEqualTo(first.get(0).offset());
      assertThat(readAll(log, "clicks")).hasSize(3);
    }
  }

  @Test
  void idempotencyKey_coversTheWholeBatch_andExpiresAfterTheWindow() {
    MutableTestClock mutable = new MutableTestClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor =
          new Ingestor(log, registry, mutable, new IngestSettings(Duration.ofMinutes(10), 100));
      var batch = List.of(json("{\"a\":1}"), json("{\"a\":2}"));
      var first = (Accepted) ingestor.ingest(new IngestRequest("raw", batch, "k-1", false));
      var retry = (Accepted) ingestor.ingest(new IngestRequest("raw", batch, "k-1", false));
      assertThat(retry.placements()).allMatch(Placement::duplicate);
      assertThat(retry.placements())
          .extracting(Placement::offset)
          .containsExactlyElementsOf(first.placements().stream().map(Placement::offset).toList());
      mutable.advance(Duration.ofMinutes(11));
      var late = (Accepted) ingestor.ingest(new IngestRequest("raw", batch, "k-1", false));
      assertThat(late.placements()).noneMatch(Placement::duplicate);
      assertThat(readAll(log, "raw")).hasSize(4);
    }
  }

  @Test
  void idempotencyWindow_isBoundedByCount() {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor =
          new Ingestor(log, registry, clock, new IngestSettings(Duration.ofHours(1), 3));
      for (int i = 0; i < 5; i++) {
        ingestor.ingest(
            new IngestRequest("raw", List.of(cloudEvent("id" + i, "{}", null)), null, false));
      }
      var oldest =
          (Accepted)
              ingestor.ingest(
                  new IngestRequest("raw", List.of(cloudEvent("id0", "{}", null)), null, false));
      var recent =
          (Accepted)
              ingestor.ingest(
                  new IngestRequest("raw", List.of(cloudEvent("id4", "{}", null)), null, false));
      assertThat(oldest.placements().getFirst().duplicate()).isFalse();
      assertThat(recent.placements().getFirst().duplicate()).isTrue();
    }
  }

  @Test
  void concurrentRetries_ofOneEvent_appendItExactlyOnce() throws Exception {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<IngestOutcome>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int id = i % 4;
        results.add(
            pool.submit(
                () ->
                    ingestor.ingest(
                        new IngestRequest(
                            "raw", List.of(cloudEvent("same-" + id, "{}", null)), null, false))));
      }
      Map<Integer, Long> offsets = new java.util.HashMap<>();
      for (int i = 0; i < results.size(); i++) {
        Placement p = ((Accepted) results.get(i).get()).placements().getFirst();
        Long before = offsets.putIfAbsent(i % 4, p.offset());
        if (before != null) {
          assertThat(p.offset()).isEqualTo(before);
        }
      }
      pool.shutdown();
      assertThat(readAll(log, "raw")).hasSize(4);
    }
  }

  @Test
  void eventTime_comesFromTheCloudEventTime_whenTheModelNamesNoField() {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      var outcome =
          (Accepted)
              ingestor.ingest(
                  new IngestRequest(
                      "raw",
                      List.of(
                          cloudEvent("t1", "{}", "2024-05-01T12:00:00Z"), json("{\"plain\":1}")),
                      null,
                      false));
      List<LogRecord> records = readAll(log, "raw");
      assertThat(outcome.placements()).hasSize(2);
      assertThat(records.get(0).eventTime())
          .isEqualTo(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());
      assertThat(records.get(1).eventTime()).isEqualTo(records.get(1).appendTime());
      assertThat(records.get(0).headers()).anySatisfy(h -> assertThat(h.key()).isEqualTo("ce_id"));
    }
  }

  @Test
  void moreEventsThanMaxEventsPerRequest_areRefusedWhole_andNothingIsAppended() {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      setUp(log, registry);
      Ingestor ingestor =
          new Ingestor(log, registry, clock, new IngestSettings(Duration.ofHours(1), 10, 1024, 2));
      var three = List.of(json("{}"), json("{}"), json("{}"));
      assertThatThrownBy(() -> ingestor.ingest(new IngestRequest("raw", three, null, true)))
          .isInstanceOf(TooManyEventsException.class)
          .hasMessageContaining("more than 2 events");
      assertThat(readAll(log, "raw")).isEmpty();
      assertThat(ingestor.ingest(new IngestRequest("raw", three.subList(0, 2), null, false)))
          .isInstanceOf(Accepted.class);
    }
  }

  @Test
  void unknownStream_isTyped() {
    try (Log log = open()) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      Ingestor ingestor = new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
      assertThatThrownBy(
              () -> ingestor.ingest(new IngestRequest("nope", List.of(json("{}")), null, false)))
          .isInstanceOf(UnknownStreamException.class);
    }
  }
}
