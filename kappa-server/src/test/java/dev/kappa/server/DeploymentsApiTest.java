package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.Clicks.Click;
import dev.kappa.server.TestServer.Reply;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versioned deployments of a view over real HTTP and a real log: deploy with an automatic cutover
 * under a query loop, rollback, replay from a time, as-of builds, the refused actions, and a clean
 * restart. {@link TestViewProvider}'s {@value #VIEW} has two versions: version 1 counts every click
 * per page and minute (and throws on {@link TestViewProvider#BOOM}), version 2 counts only {@code
 * view} actions. Every answer is checked against {@link Clicks#pageCounts}, the fold worked out
 * independently of the engine, over exactly the offsets the answer says it reflects.
 */
class DeploymentsApiTest {

  private static final String VIEW = "test-page-counts";
  private static final String PATH = "/views/" + VIEW;
  private static final int PARTITIONS = 3;
  private static final int MAX_RESULTS = 10_000;

  @TempDir Path dir;
  private TestServer server;
  private long seed;
  private Random random;
  private final List<Click> placed = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() {
    seed = Long.getLong("kappa.seed", System.nanoTime());
    System.out.println("DeploymentsApiTest seed " + seed);
    random = new Random(seed);
    server = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void cutover_underAConcurrentQueryLoop_neverMixesVersions_andIsRecordedAsDeployThenPromote()
      throws Exception {
    List<Click> clicks = Clicks.generate(random, 1_500);
    createStream();
    version1Serves();
    ingest(clicks.subList(0, 600));
    awaitCaughtUp(2);
    Map<Integer, Long> version1AtDeploy = nextOffsets(server.get(PATH + "/state?limit=1").json());

    List<Reply> answers = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean querying = new AtomicBoolean(true);
    Thread loop =
        new Thread(
            () -> {
              while (querying.get()) {
                answers.add(server.get(PATH + "/state?limit=" + MAX_RESULTS));
              }
            },
            "query-loop");
    loop.start();
    try {
      Reply deploy = act("alice", PATH + "/deploy", "{\"version\":2}");
      assertThat(deploy.status()).as(deploy.toString()).isEqualTo(202);
      assertThat(deploy.json().get("build").asLong()).isEqualTo(3);
      assertThat(deploy.json().get("role").asText()).isEqualTo("candidate");
      assertThat(deploy.json().get("background").asBoolean())
          .as("a candidate rebuilds in the background")
          .isTrue();
      ingest(clicks.subList(600, 1_500)); // both builds move while the loop queries
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> server.get(PATH).json().get("servingBuild").asLong() == 3);
      int atCutover = answers.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= atCutover + 20);
    } finally {
      querying.set(false);
      loop.join(30_000);
    }

    List<Reply> all = List.copyOf(answers);
    int firstOfVersion2 = -1;
    for (int i = 0; i < all.size(); i++) {
      Reply answer = all.get(i);
      assertThat(answer.status()).as(seeded("answer " + i + ": " + answer)).isEqualTo(200);
      JsonNode body = answer.json();
      int version = body.get("version").asInt();
      assertThat(body.get("build").asLong())
          .as(seeded("build of version " + version + " in answer " + i))
          .isEqualTo(version == 1 ? 2 : 3);
      if (version == 2 && firstOfVersion2 < 0) {
        firstOfVersion2 = i;
      }
      if (firstOfVersion2 >= 0) {
        assertThat(version).as(seeded("answer " + i + " after the cutover")).isEqualTo(2);
        Map<Integer, Long> reached = nextOffsets(body);
        version1AtDeploy.forEach(
            (partition, offset) ->
                assertThat(reached.get(partition))
                    .as(seeded("version 2 serves only once it has caught up with version 1"))
                    .isGreaterThanOrEqualTo(offset));
      }
      checkAgainstTheFold(body, Map.of(), seeded("answer " + i));
    }
    assertThat(firstOfVersion2).as(seeded("some answers are from version 1")).isPositive();
    assertThat(all.size() - firstOfVersion2).isGreaterThanOrEqualTo(20);

    JsonNode view = server.get(PATH).json();
    assertThat(view.get("servingVersion").asInt()).isEqualTo(2);
    assertThat(view.get("definedVersions")).extracting(JsonNode::asInt).containsExactly(1, 2);
    JsonNode version1 = build(view, 2);
    assertThat(version1.get("status").asText()).isEqualTo("RETIRED");
    assertThat(version1.get("role").asText()).isEqualTo("retired");
    assertThat(version1.get("retiredAt").isNull()).isFalse();
    assertThat(build(view, 3).get("status").asText()).isEqualTo("SERVING");

    List<JsonNode> events = history();
    JsonNode deployed = events.get(events.size() - 2);
    assertThat(deployed.get("action").asText()).isEqualTo("DEPLOY");
    assertThat(deployed.get("build").asLong()).isEqualTo(3);
    assertThat(deployed.get("version").asInt()).isEqualTo(2);
    assertThat(deployed.get("actor").asText()).startsWith("alice");
    assertThat(buildStatus(3).get("background").asBoolean())
        .as("a candidate that took over serving catches up in the foreground")
        .isFalse();
    JsonNode promoted = events.getLast();
    assertThat(promoted.get("action").asText()).isEqualTo("PROMOTE");
    assertThat(promoted.get("build").asLong()).isEqualTo(3);
    assertThat(promoted.get("fromBuild").asLong()).isEqualTo(2);
    assertThat(promoted.get("fromVersion").asInt()).isEqualTo(1);
    assertThat(promoted.get("actor").asText()).isEqualTo("kappa");
  }

  @Test
  void rollback_servesThePreviousBuildAtOnceWithItsState_thenRefusesWhenNothingIsKept() {
    List<Click> clicks = Clicks.generate(random, 900);
    createStream();
    version1Serves();
    ingest(clicks.subList(0, 600));
    awaitCaughtUp(2);
    Map<Integer, Long> version1Reached = nextOffsets(server.get(PATH + "/state?limit=1").json());
    assertThat(act("alice", PATH + "/deploy", "{\"version\":2}").status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> server.get(PATH).json().get("servingBuild").asLong() == 3);
    ingest(clicks.subList(600, 900));

    Reply rollback = act("bob", PATH + "/rollback", "");
    assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
    assertThat(rollback.json().get("build").asLong()).isEqualTo(2);
    JsonNode first = server.get(PATH + "/state?limit=" + MAX_RESULTS).json();
    assertThat(first.get("version").asInt()).as("serves at once").isEqualTo(1);
    assertThat(first.get("build").asLong()).isEqualTo(2);
    Map<Integer, Long> resumed = nextOffsets(first);
    version1Reached.forEach(
        (partition, offset) ->
            assertThat(resumed.get(partition))
                .as(seeded("partition " + partition + " resumes where version 1 stopped"))
                .isGreaterThanOrEqualTo(offset));
    checkAgainstTheFold(first, Map.of(), seeded("first answer after the rollback"));

    awaitCaughtUp(2);
    JsonNode caughtUp = server.get(PATH + "/state?limit=" + MAX_RESULTS).json();
    assertThat(caughtUp.at("/progress/processed").asLong()).isEqualTo(900);
    checkAgainstTheFold(caughtUp, Map.of(), seeded("after the rollback, caught up"));

    JsonNode rolledBack = history().getLast();
    assertThat(rolledBack.get("action").asText()).isEqualTo("ROLLBACK");
    assertThat(rolledBack.get("build").asLong()).isEqualTo(2);
    assertThat(rolledBack.get("fromBuild").asLong()).isEqualTo(3);
    assertThat(rolledBack.get("actor").asText()).startsWith("bob");
    JsonNode view = server.get(PATH).json();
    assertThat(view.get("servingBuild").asLong()).isEqualTo(2);
    assertThat(build(view, 3).get("status").asText()).isEqualTo("RETIRED");

    // Build 1 was dropped when version 1 took over; dropping build 3 leaves nothing to return to.
    assertThat(act("bob", PATH + "/builds/3", null).status()).isEqualTo(200);
    assertError(act("bob", PATH + "/rollback", ""), 409, "nothing_to_roll_back");
    assertThat(server.get(PATH).json().get("servingBuild").asLong()).isEqualTo(2);
  }

  @Test
  void paging_acrossACutover_staysOnTheBuildThatAnsweredTheFirstPage() {
    createStream();
    version1Serves();
    ingest(Clicks.generate(random, 600));
    awaitCaughtUp(2);
    JsonNode first = server.get(PATH + "/state?limit=2").json();
    assertThat(first.get("build").asLong()).isEqualTo(2);
    String next = first.get("next").asText();
    assertThat(act("alice", PATH + "/deploy", "{\"version\":2}").status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> server.get(PATH).json().get("servingBuild").asLong() == 3);

    JsonNode second = server.get(PATH + "/state?limit=2&cursor=" + next).json();
    assertThat(second.get("build").asLong()).as(second.toString()).isEqualTo(2);
    assertThat(second.get("version").asInt()).isEqualTo(1);
    assertThat(server.get(PATH + "/state?limit=2").json().get("build").asLong()).isEqualTo(3);
    assertError(server.get(PATH + "/state?limit=2&build=3&cursor=" + next), 400, "invalid_cursor");
    // Once the build is gone, its cursors are refused: start again.
    assertThat(act("bob", PATH + "/builds/2", null).status()).isEqualTo(200);
    assertError(server.get(PATH + "/state?limit=2&cursor=" + next), 400, "invalid_cursor");
  }

  @Test
  void replay_fromATime_foldsEachPartitionFromItsFirstRecordAtOrAfterThatTime() {
    long time = logWithATimeInItsMiddle();
    Map<Integer, Long> from = firstOffsetsAtOrAfter(time);

    Reply replay =
        act(
            "carol",
            PATH + "/versions/2/replay",
            "{\"from\":{\"time\":" + time + "},\"autoCutover\":false}");
    assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
    long build = replay.json().get("build").asLong();
    for (int p = 0; p < PARTITIONS; p++) {
      assertThat(replay.json().at("/start/" + TestViewProvider.STREAM + "/" + p).asLong())
          .as(seeded("start of partition " + p + " for time " + time))
          .isEqualTo(from.get(p));
    }
    awaitCaughtUp(build);

    JsonNode state = server.get(PATH + "/state?build=" + build + "&limit=" + MAX_RESULTS).json();
    assertThat(state.get("build").asLong()).isEqualTo(build);
    assertThat(state.get("version").asInt()).isEqualTo(2);
    long expectedRecords =
        placed.stream().filter(c -> c.offset() >= from.get(c.partition())).count();
    assertThat(state.at("/progress/processed").asLong()).isEqualTo(expectedRecords);
    checkAgainstTheFold(state, from, seeded("replay from " + time));
    assertThat(history().getLast().get("action").asText()).isEqualTo("REPLAY");
  }

  @Test
  void asOf_buildsATemporaryBuildUpToThatTime_andDroppingItDeletesItsState() {
    long time = logWithATimeInItsMiddle();
    Map<Integer, Long> until = firstOffsetsAtOrAfter(time);

    Reply asOf = act("dave", PATH + "/versions/2/as-of", "{\"time\":" + time + "}");
    assertThat(asOf.status()).as(asOf.toString()).isEqualTo(202);
    long build = asOf.json().get("build").asLong();
    assertThat(asOf.json().get("role").asText()).isEqualTo("temporary");
    assertThat(asOf.json().get("background").asBoolean())
        .as("a build beside the serving one rebuilds in the background")
        .isTrue();
    assertThat(buildStatus(1).get("background").asBoolean()).as("the serving build").isFalse();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> buildStatus(build).get("state").asText().equals("FINISHED"));

    JsonNode state = server.get(PATH + "/state?build=" + build + "&limit=" + MAX_RESULTS).json();
    assertThat(state.get("build").asLong()).isEqualTo(build);
    Map<Integer, Long> reached = nextOffsets(state);
    assertThat(reached).as(seeded("as of " + time + " stops at")).isEqualTo(until);
    checkAgainstTheFold(state, Map.of(), seeded("as of " + time));
    assertThat(server.get(PATH).json().get("servingBuild").asLong())
        .as("a temporary build never serves")
        .isEqualTo(1);

    Path directory = dir.resolve("data/views").resolve(VIEW).resolve("build-" + build);
    assertThat(directory).exists();
    Reply drop = act("dave", PATH + "/builds/" + build, null);
    assertThat(drop.status()).as(drop.toString()).isEqualTo(200);
    assertThat(drop.json().get("status").asText()).isEqualTo("DELETED");
    assertThat(Files.exists(directory)).as(directory + " is deleted").isFalse();
    assertError(server.get(PATH + "/state?build=" + build), 404, "unknown_build");
    List<JsonNode> events = history();
    assertThat(events.get(events.size() - 2).get("action").asText()).isEqualTo("AS_OF");
    JsonNode deleted = events.getLast();
    assertThat(deleted.get("action").asText()).isEqualTo("DELETE");
    assertThat(deleted.get("build").asLong()).isEqualTo(build);
    assertThat(deleted.get("actor").asText()).startsWith("dave");
  }

  @Test
  void refusedActions_getTheirErrorCodes_andRecordNothing() {
    assertError(act("eve", PATH + "/deploy", "{\"version\":7}"), 404, "unknown_version");
    assertError(act("eve", "/views/nope/deploy", "{}"), 404, "unknown_view");
    assertError(act("eve", PATH + "/rollback", ""), 409, "nothing_to_roll_back");

    // Its stream does not exist yet, so the candidate waits: it has not caught up.
    Reply candidate = act("eve", PATH + "/deploy", "{\"version\":1,\"autoCutover\":false}");
    assertThat(candidate.status()).as(candidate.toString()).isEqualTo(202);
    int recorded = history().size();
    assertError(act("eve", PATH + "/promote", "{\"version\":1}"), 409, "not_caught_up");
    assertError(act("eve", PATH + "/deploy", "{\"version\":1}"), 409, "deployment_in_progress");
    assertError(act("eve", PATH + "/versions/2/replay", "{}"), 409, "deployment_in_progress");
    assertError(act("eve", PATH + "/versions/2/retire", ""), 409, "version_serving");
    assertError(act("eve", PATH + "/builds/1", null), 409, "version_serving");
    assertThat(history()).as("refused actions are not recorded").hasSize(recorded);
    assertThat(act("eve", PATH + "/versions/1/retire", "").status()).isEqualTo(200);

    createStream();
    ingest(Clicks.generate(random, 30));
    recorded = history().size();
    String stream = TestViewProvider.STREAM;
    assertError(
        act(
            "eve",
            PATH + "/deploy",
            "{\"version\":1,\"from\":{\"offsets\":{\"" + stream + "\":[100000,0,0]}}}"),
        400,
        "invalid_position");
    assertError(
        act(
            "eve",
            PATH + "/deploy",
            "{\"version\":1,\"from\":{\"offsets\":{\"" + stream + "\":[0,0]}}}"),
        400,
        "invalid_position");
    assertError(
        act("eve", PATH + "/deploy", "{\"version\":1,\"from\":{\"offsets\":{\"vt-never\":[0]}}}"),
        400,
        "invalid_position");
    assertError(
        act("eve", PATH + "/deploy", "{\"version\":1,\"from\":{\"time\":\"yesterday\"}}"),
        400,
        "invalid_request");
    assertError(
        act("eve", PATH + "/deploy", "{\"version\":1,\"from\":{\"position\":3}}"),
        400,
        "invalid_request");
    assertError(act("eve", PATH + "/deploy", "{\"version\":\"one\"}"), 400, "invalid_request");
    assertError(act("eve", PATH + "/deploy", "[1]"), 400, "invalid_request");
    assertThat(history()).as("refused actions are not recorded").hasSize(recorded);
    JsonNode view = server.get(PATH).json();
    assertThat(view.get("servingBuild").asLong()).isEqualTo(1);
    assertThat(view.get("builds"))
        .extracting(b -> b.get("status").asText())
        .containsExactly("SERVING", "RETIRED");
  }

  @Test
  void deployments_surviveACleanRestart_withTheSameServingBuildAndHistory() {
    createStream();
    ingest(Clicks.generate(random, 600));
    awaitCaughtUp(1);
    assertThat(act("frank", PATH + "/deploy", "{\"version\":1}").status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> server.get(PATH).json().get("servingBuild").asLong() == 2);
    JsonNode before = server.get(PATH).json();
    List<JsonNode> history = history();

    server.close();
    server = TestServer.start(dir);

    JsonNode first = server.get(PATH + "/state?limit=" + MAX_RESULTS).json();
    assertThat(first.get("build").asLong()).as("serves at once after the restart").isEqualTo(2);
    assertThat(first.get("version").asInt()).isEqualTo(1);
    checkAgainstTheFold(first, Map.of(), seeded("first answer after the restart"));
    assertThat(first.at("/progress/processed").asLong()).isEqualTo(600);
    JsonNode after = server.get(PATH).json();
    assertThat(after.get("servingBuild").asLong()).isEqualTo(2);
    assertThat(after.get("builds"))
        .extracting(b -> b.get("status").asText())
        .containsExactly("RETIRED", "SERVING")
        .isEqualTo(
            before.get("builds").findValues("status").stream().map(JsonNode::asText).toList());
    assertThat(history()).as("the history, read back from the log").isEqualTo(history);
  }

  /**
   * Ingests 900 clicks, about a second apart, lets the serving build catch up, and returns a time
   * between the 200th and 700th second of the clicks.
   */
  private long logWithATimeInItsMiddle() {
    createStream();
    ingest(Clicks.generate(random, 900));
    awaitCaughtUp(1);
    return Clicks.BASE + 200_000 + random.nextInt(500_000);
  }

  /**
   * Makes version 1 serve: deploys it beside the version 2 the server deployed at start, promotes
   * it at once (its stream need not have records), and drops version 2's build, leaving build 2
   * (version 1) serving and nothing kept to roll back to.
   */
  private void version1Serves() {
    assertThat(act("setup", PATH + "/deploy", "{\"version\":1,\"autoCutover\":false}").status())
        .isEqualTo(202);
    Reply promote = act("setup", PATH + "/promote", "{\"version\":1,\"force\":true}");
    assertThat(promote.status()).as(promote.toString()).isEqualTo(200);
    assertThat(act("setup", PATH + "/builds/1", null).status()).isEqualTo(200);
    JsonNode view = server.get(PATH).json();
    assertThat(view.get("servingBuild").asLong()).isEqualTo(2);
    assertThat(view.get("servingVersion").asInt()).isEqualTo(1);
  }

  /**
   * Checks a state answer against {@link Clicks#pageCounts} of its version over each partition's
   * clicks from {@code from} (default 0) up to the answer's progress.
   */
  private void checkAgainstTheFold(JsonNode answer, Map<Integer, Long> from, String what) {
    int version = answer.get("version").asInt();
    Map<Integer, Long> next = nextOffsets(answer);
    List<Click> reflected = new ArrayList<>();
    Set<Integer> timed = new HashSet<>();
    for (Click click : List.copyOf(placed)) {
      if (click.offset() >= from.getOrDefault(click.partition(), 0L)
          && click.offset() < next.getOrDefault(click.partition(), 0L)) {
        reflected.add(click);
        if (version == 2 || !click.page().equals(TestViewProvider.BOOM)) {
          timed.add(click.partition());
        }
      }
    }
    Clicks.PageCounts expected = Clicks.pageCounts(reflected, version == 1, version == 2);
    Map<String, Long> counts = new TreeMap<>();
    for (JsonNode result : answer.get("results")) {
      counts.put(
          result.get("key").asText() + "@" + result.at("/window/start").asLong(),
          result.get("value").asLong());
    }
    assertThat(counts)
        .as("%s: version %d over %s..%s", what, version, from, next)
        .isEqualTo(expected.counts());
    assertThat(answer.at("/progress/processed").asLong())
        .as("%s: processed", what)
        .isEqualTo(reflected.size());
    if (timed.size() == PARTITIONS) {
      assertThat(answer.at("/progress/watermark").asLong())
          .as("%s: watermark", what)
          .isEqualTo(expected.watermark());
      for (JsonNode result : answer.get("results")) {
        assertThat(result.get("closed").asBoolean())
            .as("%s: closed flag of %s", what, result)
            .isEqualTo(expected.closed(result.at("/window/start").asLong()));
      }
    }
  }

  /** Each partition's first offset holding a click at or after {@code time}, else its end. */
  private Map<Integer, Long> firstOffsetsAtOrAfter(long time) {
    Map<Integer, Long> first = new TreeMap<>();
    Map<Integer, Long> ends = new HashMap<>();
    for (Click click : List.copyOf(placed)) {
      ends.merge(click.partition(), click.offset() + 1, Math::max);
      if (click.ts() >= time) {
        first.merge(click.partition(), click.offset(), Math::min);
      }
    }
    for (int p = 0; p < PARTITIONS; p++) {
      first.putIfAbsent(p, ends.getOrDefault(p, 0L));
    }
    return first;
  }

  private static Map<Integer, Long> nextOffsets(JsonNode answer) {
    Map<Integer, Long> next = new TreeMap<>();
    for (JsonNode p : answer.at("/progress/partitions")) {
      next.put(p.get("partition").asInt(), p.get("nextOffset").asLong());
    }
    return next;
  }

  private void createStream() {
    Clicks.createStream(server, PARTITIONS);
  }

  /** Ingests {@code clicks}, keeping where the log placed each. */
  private void ingest(List<Click> clicks) {
    placed.addAll(Clicks.ingest(server, clicks, 50));
  }

  /** Waits until the build runs and has committed every partition up to its end. */
  private void awaitCaughtUp(long build) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              JsonNode status = buildStatus(build);
              if (!status.get("state").asText().equals("RUNNING")
                  || status.get("partitions").size() != PARTITIONS) {
                return false;
              }
              for (JsonNode p : status.get("partitions")) {
                if (p.get("committedOffset").asLong() != p.get("endOffset").asLong()) {
                  return false;
                }
              }
              return status.get("lag").asLong() == 0;
            });
  }

  private JsonNode buildStatus(long build) {
    Reply reply = server.get(PATH + "/builds/" + build);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private static JsonNode build(JsonNode view, long id) {
    for (JsonNode build : view.get("builds")) {
      if (build.get("build").asLong() == id) {
        return build;
      }
    }
    throw new AssertionError("no build " + id + " in " + view);
  }

  private List<JsonNode> history() {
    Reply reply = server.get(PATH + "/history");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.json().get("events").forEach(events::add);
    return events;
  }

  /** A deployment action as {@code actor}: POST with a JSON body, or DELETE if it is null. */
  private Reply act(String actor, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path)).header("Kappa-Actor", actor);
    if (body == null) {
      request.DELETE();
    } else {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return server.send(request);
  }

  private static void assertError(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
  }

  private String seeded(String what) {
    return what + " (seed " + seed + "; rerun with -Dkappa.seed=" + seed + ")";
  }
}
