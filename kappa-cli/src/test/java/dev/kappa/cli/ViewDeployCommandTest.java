package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment commands of {@code kappa view} against a running {@code kappa server
 * --example-views}: a replay that takes over by itself, a rollback, the history that records both
 * with who did them, as-of builds, and the refusals the server answers.
 */
class ViewDeployCommandTest {

  private static final String VIEW = "page-views-per-minute";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Cli cli;
  private Cli.Running server;
  private String url;

  @BeforeEach
  void start() {
    cli = new Cli(dir.resolve("data"));
    server = cli.start("server", "--port", "0", "--example-views");
    url = server.awaitListening();
    ViewCommandTest.ingestClicks(cli, url, 12);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> build(versionsJson(), 1).path("processed").asLong() == 12);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.stop();
  }

  @Test
  void replay_takesOverOnceCaughtUp_rollbackServesTheOldBuild_andHistoryNamesWhoDidIt() {
    Cli.Result replay = run("view", "replay", VIEW, "--version", "1");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).startsWith("replaying " + VIEW + ": build 2 (version 1), candidate,");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> build(versionsJson(), 2).path("role").asText().equals("serving"));
    assertThat(versionRows())
        .containsExactly(
            List.of("BUILD", "VERSION", "ROLE", "STATE"),
            List.of("1", "1", "retired", "STOPPED"),
            List.of("2", "1", "serving", "RUNNING"));
    JsonNode replayed = build(versionsJson(), 2);
    assertThat(replayed.path("processed").asLong()).isEqualTo(12);
    assertThat(replayed.path("progress").asDouble()).isEqualTo(1.0);

    Cli.Result rollback = run("view", "rollback", VIEW);
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out())
        .startsWith("rolled back " + VIEW + ": build 1 (version 1), serving,");
    assertThat(versionRows())
        .containsExactly(
            List.of("BUILD", "VERSION", "ROLE", "STATE"),
            List.of("1", "1", "serving", "RUNNING"),
            List.of("2", "1", "retired", "STOPPED"));

    Cli.Result history = run("view", "history", VIEW);
    assertThat(history.exitCode()).as(history.err()).isZero();
    List<String> rows = history.lines();
    assertThat(rows.getFirst().split("\\s+"))
        .containsExactly("AT", "ACTOR", "ACTION", "BUILD/VERSION", "FROM", "REASON");
    String user = System.getenv("USER") == null ? "cli" : System.getenv("USER");
    assertThat(rows).hasSize(6);
    assertThat(rows.get(1)).contains(" kappa ", " DEPLOY ", " 1/1 ");
    assertThat(rows.get(2)).contains(" kappa ", " PROMOTE ", " 1/1 ");
    assertThat(rows.get(3)).contains(" " + user + " (127.0.0.1) ", " REPLAY ", " 2/1 ");
    assertThat(rows.get(4)).contains(" kappa ", " PROMOTE ", " 2/1 ", " 1/1 ", "caught up");
    assertThat(rows.get(5))
        .contains(" " + user + " (127.0.0.1) ", " ROLLBACK ", " 1/1 ", " 2/1 ", "rolled back");
    for (String row : rows.subList(1, rows.size())) {
      assertThat(Instant.parse(row.split("\\s+")[0])).isBeforeOrEqualTo(Instant.now());
    }

    JsonNode json = parse(run("view", "history", VIEW, "--json").out());
    assertThat(json.path("events").get(4).path("action").asText()).isEqualTo("ROLLBACK");
    assertThat(json.path("events").get(4).path("actor").asText()).startsWith(user + " (");
  }

  @Test
  void deployManual_waitsForPromote_andRetireStopsACandidate() {
    Cli.Result deploy =
        run("view", "deploy", VIEW, "--version", "1", "--manual", "--from-offsets", "clicks=0,0");
    assertThat(deploy.exitCode()).isEqualTo(1);
    assertThat(deploy.err())
        .startsWith("kappa: version 1 of view " + VIEW + " is already deployed");

    Cli.Result replay =
        run("view", "replay", VIEW, "--version", "1", "--manual", "--from-offsets", "clicks=0,0");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> build(versionsJson(), 2).path("processed").asLong() == 12);
    assertThat(build(versionsJson(), 2).path("role").asText()).isEqualTo("candidate");
    assertThat(build(versionsJson(), 2).path("autoCutover").asBoolean()).isFalse();

    Cli.Result again = run("view", "replay", VIEW, "--version", "1");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("is still catching up; promote or retire it first");

    Cli.Result promote = run("view", "promote", VIEW, "--version", "1");
    assertThat(promote.exitCode()).as(promote.err()).isZero();
    assertThat(promote.out()).startsWith("promoted " + VIEW + ": build 2 (version 1), serving,");

    Cli.Result nothing = run("view", "promote", VIEW);
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.err()).contains("has no build waiting to serve");

    Cli.Result serving = run("view", "retire", VIEW, "--version", "1");
    assertThat(serving.exitCode()).isEqualTo(1);
    assertThat(serving.err()).contains("serves queries");
  }

  @Test
  void asOf_buildsATemporaryBuildThatFinishes_andDropDeletesIt() {
    Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Cli.Result asOf = run("view", "as-of", VIEW, "--version", "1", "--time", time.toString());
    assertThat(asOf.exitCode()).as(asOf.err()).isZero();
    assertThat(asOf.lines().getFirst())
        .startsWith("building " + VIEW + ": build 2 (version 1), temporary,");
    assertThat(asOf.lines().get(1)).isEqualTo("  as of " + time);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> build(versionsJson(), 2).path("state").asText().equals("FINISHED"));
    assertThat(build(versionsJson(), 2).path("processed").asLong()).isEqualTo(12);

    Cli.Result status = run("view", "status", VIEW);
    assertThat(status.out())
        .contains("view " + VIEW + "@1 build 1 (serving): RUNNING")
        .contains("view " + VIEW + "@1 build 2 (temporary): FINISHED")
        .contains("  as of      ");

    Cli.Result serving = run("view", "drop", VIEW, "--build", "1");
    assertThat(serving.exitCode()).isEqualTo(1);
    assertThat(serving.err()).contains("serves queries; it cannot be dropped");

    Cli.Result drop = run("view", "drop", VIEW, "--build", "2");
    assertThat(drop.exitCode()).as(drop.err()).isZero();
    assertThat(drop.out()).startsWith("dropped " + VIEW + ": build 2 (version 1), deleted,");
    assertThat(build(versionsJson(), 2).path("status").asText()).isEqualTo("DELETED");
  }

  @Test
  void badArguments_areUsageErrors_andUnknownVersionsFailWithTheServersMessage() {
    Cli.Result both =
        run("view", "replay", VIEW, "--version", "1", "--from-time", "0", "--from-offsets", "c=0");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give --from-time or --from-offsets, not both");

    Cli.Result offsets = run("view", "replay", VIEW, "--version", "1", "--from-offsets", "clicks");
    assertThat(offsets.exitCode()).isEqualTo(2);
    assertThat(offsets.err()).contains("invalid --from-offsets 'clicks'");

    Cli.Result time = run("view", "as-of", VIEW, "--version", "1", "--time", "yesterday");
    assertThat(time.exitCode()).isEqualTo(2);
    assertThat(time.err()).contains("invalid time 'yesterday'");

    Cli.Result unknown = run("view", "deploy", VIEW, "--version", "9");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err())
        .isEqualTo("kappa: view " + VIEW + " has no version 9 defined; defined versions: [1, 2]\n");

    Cli.Result wrongStream =
        run("view", "replay", VIEW, "--version", "1", "--from-offsets", "other=0");
    assertThat(wrongStream.exitCode()).isEqualTo(1);
    assertThat(wrongStream.err()).contains("stream other, which the view does not read");

    Cli.Result noView = run("view", "history", "nope");
    assertThat(noView.exitCode()).isEqualTo(1);

    Cli.Result nothing = run("view", "rollback", VIEW);
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.err()).contains("nothing to roll back to");
  }

  private Cli.Result run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = url;
    return cli.run(all);
  }

  /** The first four columns of {@code kappa view versions}. */
  private List<List<String>> versionRows() {
    Cli.Result versions = run("view", "versions", VIEW);
    assertThat(versions.exitCode()).as(versions.err()).isZero();
    return versions.lines().stream()
        .map(l -> List.of(l.trim().split("\\s+")).subList(0, 4))
        .toList();
  }

  private JsonNode versionsJson() {
    Cli.Result versions = run("view", "versions", VIEW, "--json");
    assertThat(versions.exitCode()).as(versions.err()).isZero();
    return parse(versions.out());
  }

  private static JsonNode build(JsonNode view, long id) {
    for (JsonNode b : view.path("builds")) {
      if (b.path("build").asLong() == id) {
        return b;
      }
    }
    return JSON.createObjectNode();
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
