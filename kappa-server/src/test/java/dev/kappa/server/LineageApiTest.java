package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.Clicks.Click;
import dev.kappa.server.TestServer.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage over real HTTP: after a view's first build (version 2, deployed at start), a deployment
 * of version 1 and a replay of it from given offsets, the graph and the OpenLineage events name
 * exactly the offset ranges each build read and the schema versions of the values in them, as the
 * ingest answers place the events.
 */
class LineageApiTest {

  private static final String VIEW = "test-page-counts";
  private static final String STREAM = TestViewProvider.STREAM;
  private static final int PARTITIONS = 3;
  private static final String SCHEMA_V2 =
      TestViewProvider.SCHEMA.replace(
          "{\"name\":\"user\",\"type\":\"long\"},",
          "{\"name\":\"user\",\"type\":\"long\"},"
              + "{\"name\":\"referrer\",\"type\":[\"null\",\"string\"],\"default\":null},");

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
  void lineage_afterTwoDeploymentsAndAReplay_givesEachBuildsRangesAndSchemaVersions() {
    server.put(
        "/streams/" + STREAM,
        "{\"partitions\":"
            + PARTITIONS
            + ",\"eventTimeField\":\"ts\",\"schema\":"
            + TestViewProvider.SCHEMA
            + "}");
    List<Click> clicks = Clicks.generate(new Random(7), 150);
    long[] afterV1 = ingest(clicks.subList(0, 90));
    Reply registered = server.postJson("/streams/" + STREAM + "/schemas", SCHEMA_V2);
    assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    assertThat(registered.json().get("version").asInt()).isEqualTo(2);
    long[] end = ingest(clicks.subList(90, 150));
    for (int p = 0; p < PARTITIONS; p++) {
      end[p] = Math.max(end[p], afterV1[p]);
    }

    // Build 1: version 2, deployed and serving at start.
    awaitUntil(() -> committed(1).equals(List.of(end[0], end[1], end[2])));
    // Build 2: version 1, deployed; it takes over once caught up.
    Reply deployed = server.postJson("/views/" + VIEW + "/deploy", "{\"version\":1}");
    assertThat(deployed.status()).as(deployed.toString()).isEqualTo(202);
    awaitUntil(() -> servingBuild() == 2 && committed(2).equals(List.of(end[0], end[1], end[2])));
    // Build 3: version 1 again, replayed from where the values of schema version 2 start.
    Reply replayed =
        server.postJson(
            "/views/" + VIEW + "/versions/1/replay",
            "{\"from\":{\"offsets\":{\""
                + STREAM
                + "\":["
                + afterV1[0]
                + ","
                + afterV1[1]
                + ","
                + afterV1[2]
                + "]}}}");
    assertThat(replayed.status()).as(replayed.toString()).isEqualTo(202);
    awaitUntil(() -> servingBuild() == 3 && committed(3).equals(List.of(end[0], end[1], end[2])));

    // Build 1's run is closed once its drain time is over; its lineage keeps its last report.
    awaitUntil(() -> !server.get("/views/" + VIEW + "/builds/1").json().has("partitions"));
    JsonNode graph = server.get("/lineage?view=" + VIEW).json();
    Map<String, JsonNode> nodes = new HashMap<>();
    graph.get("nodes").forEach(n -> nodes.put(n.get("id").asText(), n));
    assertThat(nodes)
        .containsOnlyKeys(
            "stream:" + STREAM,
            "view:" + VIEW + "@2#1",
            "view:" + VIEW + "@1#2",
            "view:" + VIEW + "@1#3");
    JsonNode stream = nodes.get("stream:" + STREAM);
    assertThat(stream.get("type").asText()).isEqualTo("stream");
    assertThat(stream.get("partitions").asInt()).isEqualTo(PARTITIONS);
    assertThat(ints(stream.get("registeredSchemaVersions"))).containsExactly(1, 2);
    JsonNode view = server.get("/views/" + VIEW).json();
    for (JsonNode build : view.get("builds")) {
      JsonNode node =
          nodes.get("view:" + VIEW + "@" + build.get("version") + "#" + build.get("build"));
      assertThat(node.get("type").asText()).isEqualTo("build");
      assertThat(node.get("fingerprint").asText()).isEqualTo(build.get("fingerprint").asText());
      assertThat(node.get("role").asText()).isEqualTo(build.get("role").asText());
      assertThat(node.get("deployedAt").asText()).isEqualTo(build.get("deployedAt").asText());
      assertThat(node.get("origin").asText()).contains("TestViewProvider");
    }
    assertThat(nodes.get("view:" + VIEW + "@1#3").get("role").asText()).isEqualTo("serving");
    assertThat(nodes.get("view:" + VIEW + "@2#1").get("role").asText()).isEqualTo("retired");
    assertThat(nodes.get("view:" + VIEW + "@1#2").get("role").asText()).isEqualTo("retired");

    Map<String, JsonNode> edges = new HashMap<>();
    graph.get("edges").forEach(e -> edges.put(e.get("to").asText(), e));
    assertThat(edges).hasSize(3);
    long[] zero = new long[PARTITIONS];
    assertEdge(edges.get("view:" + VIEW + "@2#1"), zero, end, 1, 2);
    assertEdge(edges.get("view:" + VIEW + "@1#2"), zero, end, 1, 2);
    assertEdge(edges.get("view:" + VIEW + "@1#3"), afterV1, end, 2);

    List<JsonNode> events = server.get("/lineage/openlineage?view=" + VIEW).lines();
    String namespace = "kappa://" + server.server.uri().getAuthority();
    assertThat(events)
        .extracting(e -> e.at("/run/runId").asText() + " " + e.get("eventType").asText())
        .containsExactly(
            runId(namespace, 1) + " START",
            runId(namespace, 1) + " COMPLETE",
            runId(namespace, 2) + " START",
            runId(namespace, 2) + " COMPLETE",
            runId(namespace, 3) + " START",
            runId(namespace, 3) + " RUNNING");
    for (JsonNode event : events) {
      assertOpenLineageEvent(event, namespace);
    }
    JsonNode complete = events.get(1);
    assertThat(complete.get("eventTime").asText())
        .isEqualTo(view.at("/builds/0/retiredAt").asText());
    assertThat(events.get(0).get("eventTime").asText())
        .isEqualTo(view.at("/builds/0/deployedAt").asText());
    JsonNode offsets = complete.at("/inputs/0/inputFacets/kappa_offsets");
    assertThat(ints(offsets.get("schemaVersions"))).containsExactly(1, 2);
    assertThat(offsets.at("/partitions/2/endOffset").asLong()).isEqualTo(end[2]);
    assertThat(complete.at("/job/facets/kappa_definition/fingerprint").asText())
        .isEqualTo(view.at("/builds/0/fingerprint").asText());
    assertThat(fieldNames(complete.at("/inputs/0/facets/schema/fields")))
        .containsExactly("user", "referrer", "page", "action", "ts");

    List<JsonNode> again = server.get("/lineage/openlineage?view=" + VIEW).lines();
    assertThat(again)
        .extracting(e -> e.at("/run/runId").asText())
        .isEqualTo(events.stream().map(e -> e.at("/run/runId").asText()).toList());
  }

  @Test
  void lineage_ofEveryView_showsStreamsNotCreatedYet_andBadParametersGetTheirErrors() {
    JsonNode graph = server.get("/lineage").json();
    List<String> ids = new ArrayList<>();
    graph.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    assertThat(ids)
        .contains("stream:" + STREAM, "stream:vt-never", "view:test-waiting@1#1")
        .contains("view:" + VIEW + "@2#1");
    graph
        .get("nodes")
        .forEach(
            n -> {
              if (n.get("type").asText().equals("stream")) {
                assertThat(n.get("exists").asBoolean()).isFalse();
              }
            });
    graph.get("edges").forEach(e -> assertThat(e.get("partitions")).isEmpty());

    assertThat(server.get("/lineage?view=nope").errorCode()).isEqualTo("unknown_view");
    assertThat(server.get("/lineage/openlineage?view=nope").errorCode()).isEqualTo("unknown_view");
    Reply bad = server.get("/lineage/openlineage?namespace=no-scheme");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("invalid_request");
    Reply named = server.get("/lineage/openlineage?namespace=kappa://prod");
    assertThat(named.contentType()).startsWith("application/x-ndjson");
    assertThat(named.lines()).allSatisfy(e -> assertOpenLineageEvent(e, "kappa://prod"));
  }

  /** Ingests {@code clicks} under the stream's latest schema; the end of each partition after. */
  private long[] ingest(List<Click> clicks) {
    StringBuilder body = new StringBuilder();
    clicks.forEach(c -> body.append(c.json()).append('\n'));
    Reply reply =
        server.post("/streams/" + STREAM + "/events", "application/x-ndjson", body.toString());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    long[] end = new long[PARTITIONS];
    for (JsonNode event : reply.json().get("events")) {
      int p = event.get("partition").asInt();
      end[p] = Math.max(end[p], event.get("offset").asLong() + 1);
    }
    return end;
  }

  private static void assertEdge(JsonNode edge, long[] start, long[] end, Integer... versions) {
    assertThat(edge.get("from").asText()).isEqualTo("stream:" + STREAM);
    assertThat(edge.get("type").asText()).isEqualTo("reads");
    List<String> ranges = new ArrayList<>();
    edge.get("partitions")
        .forEach(
            p ->
                ranges.add(
                    p.get("partition").asInt()
                        + ":"
                        + p.get("startOffset").asLong()
                        + "-"
                        + p.get("endOffset").asLong()));
    List<String> expected = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      expected.add(p + ":" + start[p] + "-" + end[p]);
    }
    assertThat(ranges).as(edge.toString()).isEqualTo(expected);
    assertThat(ints(edge.get("schemaVersions"))).as(edge.toString()).containsExactly(versions);
    assertThat(edge.get("schemaVersionsComplete").asBoolean()).isTrue();
  }

  /** The fields the OpenLineage 2-0-2 spec requires of a run event and its facets. */
  private static void assertOpenLineageEvent(JsonNode event, String namespace) {
    assertThat(event.get("eventType").asText()).isIn("START", "RUNNING", "COMPLETE", "FAIL");
    assertThat(Instant.parse(event.get("eventTime").asText())).isNotNull();
    assertThat(UUID.fromString(event.at("/run/runId").asText())).isNotNull();
    assertThat(event.at("/job/namespace").asText()).isEqualTo(namespace);
    assertThat(event.at("/job/name").asText()).isNotEmpty();
    assertThat(event.get("producer").asText()).isNotEmpty();
    assertThat(event.get("schemaURL").asText())
        .isEqualTo("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
    List<JsonNode> facets = new ArrayList<>();
    event.at("/run/facets").forEach(facets::add);
    event.at("/job/facets").forEach(facets::add);
    for (JsonNode input : event.get("inputs")) {
      assertThat(input.get("namespace").asText()).isEqualTo(namespace);
      assertThat(input.get("name").asText()).isNotEmpty();
      input.get("facets").forEach(facets::add);
      input.get("inputFacets").forEach(facets::add);
    }
    event.get("outputs").forEach(o -> assertThat(o.get("namespace").asText()).isEqualTo(namespace));
    assertThat(facets).isNotEmpty();
    for (JsonNode facet : facets) {
      assertThat(facet.get("_producer").asText()).as(facet.toString()).isNotEmpty();
      assertThat(facet.get("_schemaURL").asText()).as(facet.toString()).contains("#/$defs/");
    }
  }

  private static String runId(String namespace, long build) {
    return UUID.nameUUIDFromBytes(
            (namespace + "/" + VIEW + "#" + build).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asInt()));
    return list;
  }

  private static List<String> fieldNames(JsonNode fields) {
    List<String> names = new ArrayList<>();
    fields.forEach(f -> names.add(f.get("name").asText()));
    return names;
  }

  private List<Long> committed(long build) {
    List<Long> committed = new ArrayList<>();
    JsonNode node = server.get("/views/" + VIEW + "/builds/" + build).json();
    node.get("partitions").forEach(p -> committed.add(p.get("committedOffset").asLong()));
    return committed;
  }

  private long servingBuild() {
    return server.get("/views/" + VIEW).json().get("servingBuild").asLong();
  }

  private static void awaitUntil(Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(condition);
  }
}
