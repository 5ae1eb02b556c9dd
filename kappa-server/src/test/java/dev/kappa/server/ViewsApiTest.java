package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.Clicks.Click;
import dev.kappa.server.TestServer.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views running inside the server, over real HTTP and a real log: {@link TestViewProvider}'s views
 * wait for their stream, then process ingested events; their state, side outputs and progress as
 * the API reports them equal what {@link Clicks} computes independently.
 */
class ViewsApiTest {

  private static final int EVENTS = 600;
  private static final int PARTITIONS = 3;

  @TempDir Path dir;
  private TestServer server;
  private long seed;
  private List<Click> placed;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void views_waitForTheirStream_thenCountLikeTheReference_withLateAndErrorOutputs() {
    deployVersion1BesideVersion2();
    JsonNode before = view("test-page-counts", 1);
    assertThat(before.get("state").asText()).isEqualTo("WAITING");
    assertThat(before.get("error").asText())
        .isEqualTo("waiting for stream vt-clicks to be created");

    ingestRandomClicks();
    awaitCaughtUp("test-page-counts", 1);

    Clicks.PageCounts expected = Clicks.pageCounts(placed, true, false);
    JsonNode state = server.get("/views/test-page-counts/state?version=1&limit=10000").json();
    assertThat(state.get("windowed").asBoolean()).isTrue();
    assertThat(state.get("keyType").asText()).isEqualTo("string");
    Map<String, Long> counts = new TreeMap<>();
    for (JsonNode result : state.get("results")) {
      long start = result.at("/window/start").asLong();
      assertThat(result.at("/window/end").asLong()).isEqualTo(start + Clicks.MINUTE);
      assertThat(result.get("closed").asBoolean())
          .as(seeded("closed flag of " + result))
          .isEqualTo(expected.closed(start));
      counts.put(result.get("key").asText() + "@" + start, result.get("value").asLong());
    }
    assertThat(counts).as(seeded("page counts")).isEqualTo(expected.counts());
    assertThat(state.at("/progress/watermark").asLong()).isEqualTo(expected.watermark());

    JsonNode late = server.get("/views/test-page-counts/late?version=1&limit=10000").json();
    assertThat(positions(late)).as(seeded("late")).isEqualTo(expected.late());
    assertThat(late.get("total").asLong()).isEqualTo(expected.late().size());
    JsonNode errors = server.get("/views/test-page-counts/errors?version=1&limit=10000").json();
    assertThat(positions(errors)).as(seeded("errors")).isEqualTo(expected.errors());
    errors.get("records").forEach(r -> assertThat(r.get("reason").asText()).contains("boom"));

    JsonNode detail = view("test-page-counts", 1);
    assertThat(detail.get("state").asText()).isEqualTo("RUNNING");
    assertThat(detail.get("processed").asLong()).isEqualTo(EVENTS);
    assertThat(detail.get("late").asLong()).isEqualTo(expected.late().size());
    assertThat(detail.get("errors").asLong()).isEqualTo(expected.errors().size());
    assertThat(detail.at("/window/type").asText()).isEqualTo("tumbling");
    assertThat(detail.at("/window/sizeMs").asLong()).isEqualTo(Clicks.MINUTE);
    assertThat(detail.at("/sources/0").asText()).isEqualTo(TestViewProvider.STREAM);
  }

  @Test
  void state_ofOneKey_givesItsWindowsByStart_fromTheServingVersionUnlessOneIsNamed() {
    deployVersion1BesideVersion2();
    ingestRandomClicks();
    awaitCaughtUp("test-page-counts", 1);
    awaitCaughtUp("test-page-counts", 2);
    Map<Integer, Clicks.PageCounts> expected =
        Map.of(
            1, Clicks.pageCounts(placed, true, false), 2, Clicks.pageCounts(placed, false, true));

    for (String page : Clicks.PAGES) {
      String key = URLEncoder.encode(page, StandardCharsets.UTF_8);
      for (int version : new int[] {1, 2}) {
        String query = "/views/test-page-counts/state?key=" + key;
        JsonNode state = server.get(version == 2 ? query : query + "&version=" + version).json();
        assertThat(state.get("version").asInt()).isEqualTo(version);
        assertThat(state.get("key").asText()).isEqualTo(page);
        Map<String, Long> windows = new TreeMap<>();
        long previousStart = Long.MIN_VALUE;
        for (JsonNode result : state.get("results")) {
          long start = result.at("/window/start").asLong();
          assertThat(start).isGreaterThan(previousStart);
          previousStart = start;
          windows.put(page + "@" + start, result.get("value").asLong());
        }
        Map<String, Long> reference = new TreeMap<>(expected.get(version).counts());
        reference.keySet().removeIf(k -> !k.startsWith(page + "@"));
        assertThat(windows).as(seeded(page + " v" + version)).isEqualTo(reference);
      }
    }
    JsonNode all = server.get("/views/test-page-counts").json();
    assertThat(all.get("servingBuild").asLong()).isEqualTo(1);
    assertThat(all.get("servingVersion").asInt()).isEqualTo(2);
    assertThat(all.get("definedVersions")).extracting(JsonNode::asInt).containsExactly(1, 2);
    assertThat(all.get("builds"))
        .extracting(
            b ->
                b.get("build").asLong()
                    + ":v"
                    + b.get("version").asInt()
                    + ":"
                    + b.get("role").asText())
        .containsExactly("1:v2:serving", "2:v1:candidate");
  }

  @Test
  void state_ofLongKeys_parsesTheKey_andUnwindowedResultsCarryNoWindow() {
    ingestRandomClicks();
    awaitCaughtUp("test-user-clicks", 1);
    Map<Long, Long> expected = Clicks.perUser(placed);
    Map<Long, Long> actual = new TreeMap<>();
    for (long user = 0; user <= 21; user++) {
      Reply reply = server.get("/views/test-user-clicks/state?key=" + user);
      if (!expected.containsKey(user)) {
        assertError(reply, 404, "unknown_key");
        continue;
      }
      JsonNode state = reply.json();
      assertThat(state.get("keyType").asText()).isEqualTo("long");
      assertThat(state.get("windowed").asBoolean()).isFalse();
      for (JsonNode result : state.get("results")) {
        assertThat(result.has("window")).isFalse();
        assertThat(result.get("key").isNumber()).isTrue();
        actual.put(result.get("key").asLong(), result.get("value").asLong());
      }
    }
    assertThat(actual).as(seeded("clicks per user")).isEqualTo(expected);

    JsonNode scan = server.get("/views/test-user-clicks/state?limit=5").json();
    assertThat(scan.get("results")).extracting(r -> r.get("key").asLong()).hasSize(5).isSorted();

    Reply bad = server.get("/views/test-user-clicks/state?key=u7");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("invalid_key");
    assertThat(bad.json().at("/error/message").asText()).contains("'u7'", "long");
  }

  @Test
  void state_ofKeysOfAnUnknownType_isRefusedButScans_withRankedValuesAsObjects() {
    ingestRandomClicks();
    awaitCaughtUp("test-top-pages", 1);

    Reply byKey = server.get("/views/test-top-pages/state?key=3");
    assertThat(byKey.status()).isEqualTo(400);
    assertThat(byKey.errorCode()).isEqualTo("unsupported_key_type");
    assertThat(byKey.json().at("/error/message").asText()).contains("?limit=N");

    JsonNode scan = server.get("/views/test-top-pages/state?limit=4").json();
    assertThat(scan.get("keyType").asText()).isEqualTo("unknown");
    assertThat(scan.get("results")).hasSize(4);
    for (JsonNode result : scan.get("results")) {
      long user = Long.parseLong(result.get("key").asText());
      List<String> pages = new ArrayList<>();
      for (JsonNode ranked : result.get("value")) {
        pages.add(ranked.get("value").asText());
        assertThat(ranked.get("score").isNumber()).isTrue();
        assertThat(ranked.at("/origin/offset").isNumber()).isTrue();
      }
      assertThat(pages).as(seeded("user " + user)).isEqualTo(Clicks.topTwoPages(placed, user));
    }
  }

  @Test
  void list_showsEveryBuildWithRoleStateErrorProcessedRateAndLag() {
    deployVersion1BesideVersion2();
    ingestRandomClicks();
    awaitCaughtUp("test-user-clicks", 1);
    JsonNode list = server.get("/views").json().get("views");
    assertThat(list)
        .extracting(v -> v.get("id").asText())
        .containsExactly(
            "test-page-counts@2",
            "test-page-counts@1",
            "test-top-pages@1",
            "test-user-clicks@1",
            "test-waiting@1");
    assertThat(list)
        .extracting(v -> v.get("build").asLong() + ":" + v.get("role").asText())
        .containsExactly("1:serving", "2:candidate", "1:serving", "1:serving", "1:serving");
    Map<String, JsonNode> byId = new HashMap<>();
    list.forEach(v -> byId.put(v.get("id").asText(), v));
    JsonNode users = byId.get("test-user-clicks@1");
    assertThat(users.get("state").asText()).isEqualTo("RUNNING");
    assertThat(users.get("processed").asLong()).isEqualTo(EVENTS);
    assertThat(users.get("lag").asLong()).isZero();
    assertThat(users.get("eventsPerSecond").asDouble()).isNotNegative();
    assertThat(users.get("error").isNull()).isTrue();
    JsonNode waiting = byId.get("test-waiting@1");
    assertThat(waiting.get("state").asText()).isEqualTo("WAITING");
    assertThat(waiting.get("error").asText()).contains("vt-never");
  }

  @Test
  void unknownViewsVersionsAndBadParameters_getTheirErrorCodes() {
    assertError(server.get("/views/nope"), 404, "unknown_view");
    assertError(server.get("/views/nope/state?key=a"), 404, "unknown_view");
    assertError(server.get("/views/test-page-counts/versions/7"), 404, "unknown_version");
    assertError(server.get("/views/test-page-counts/state?version=7"), 404, "unknown_version");
    // Defined, but only the highest version runs unless another is deployed.
    assertError(server.get("/views/test-page-counts/versions/1"), 404, "unknown_version");
    assertError(server.get("/views/test-page-counts/state?version=1"), 404, "unknown_version");
    assertError(server.get("/views/test-page-counts/versions/seven"), 400, "invalid_request");
    assertError(server.get("/views/test-waiting/state?key=a"), 409, "view_not_started");
    assertError(server.get("/views/test-waiting/late"), 409, "view_not_started");
    assertError(server.get("/views/test-waiting/state?limit=0"), 400, "invalid_request");
    assertError(server.get("/views/test-waiting/errors?limit=10001"), 400, "invalid_request");
    Reply deploy = server.postJson("/views/test-page-counts/deploy", "{\"version\":7}");
    assertError(deploy, 404, "unknown_version");
    assertThat(deploy.json().at("/error/message").asText()).contains("defined versions: [1, 2]");
    assertThat(server.get("/views/test-page-counts/versions/2").json().get("version").asInt())
        .isEqualTo(2);
  }

  private static void assertError(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
  }

  /**
   * Deploys version 1 of {@code test-page-counts}, which is not run unless deployed (the server
   * deployed version 2, the highest, at start), without letting it take over serving.
   */
  private void deployVersion1BesideVersion2() {
    Reply reply =
        server.postJson("/views/test-page-counts/deploy", "{\"version\":1,\"autoCutover\":false}");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
  }

  /** Creates the views' stream and ingests {@value #EVENTS} seeded random clicks into it. */
  private void ingestRandomClicks() {
    seed = Long.getLong("kappa.seed", System.nanoTime());
    System.out.println("ViewsApiTest seed " + seed);
    Clicks.createStream(server, PARTITIONS);
    placed = Clicks.ingest(server, Clicks.generate(new Random(seed), EVENTS), 100);
  }

  /** Waits until the view's committed offsets reach the end of every partition. */
  private void awaitCaughtUp(String name, int version) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              JsonNode status = view(name, version);
              long committed = 0;
              for (JsonNode p : status.get("partitions")) {
                if (p.get("committedOffset").asLong() != p.get("endOffset").asLong()) {
                  return false;
                }
                committed += p.get("committedOffset").asLong();
              }
              return status.get("state").asText().equals("RUNNING") && committed == EVENTS;
            });
  }

  private JsonNode view(String name, int version) {
    Reply reply = server.get("/views/" + name + "/versions/" + version);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private static List<String> positions(JsonNode sideOutput) {
    List<String> positions = new ArrayList<>();
    for (JsonNode r : sideOutput.get("records")) {
      assertThat(r.get("stream").asText()).isEqualTo(TestViewProvider.STREAM);
      positions.add(r.get("partition").asInt() + "@" + r.get("offset").asLong());
    }
    return positions;
  }

  private String seeded(String what) {
    return what + " (seed " + seed + "; rerun with -Dkappa.seed=" + seed + ")";
  }
}
