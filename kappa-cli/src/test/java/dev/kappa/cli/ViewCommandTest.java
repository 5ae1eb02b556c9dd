package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kappa view list|status} (tables and {@code --json}) against a running {@code kappa server
 * --example-views}, and the failures of both: unknown views, malformed names, no {@code --server},
 * and view jars that do not load.
 */
class ViewCommandTest {

  private static final String VIEW = "page-views-per-minute";

  @TempDir Path dir;
  private Cli cli;
  private Cli.Running server;
  private String url;

  @BeforeEach
  void start() {
    cli = new Cli(dir.resolve("data"));
    server = cli.start("server", "--port", "0", "--example-views");
    url = server.awaitListening();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.stop();
  }

  @Test
  void list_showsTheExampleViewWaiting_thenRunningWithEveryEventProcessed() {
    Cli.Result waiting = cli.run("view", "list", "--server", url);
    assertThat(waiting.exitCode()).as(waiting.err()).isZero();
    assertThat(waiting.lines().getFirst().split("\\s+"))
        .containsExactly(
            "VIEW",
            "BUILD",
            "VERSION",
            "ROLE",
            "STATE",
            "PROCESSED",
            "EVENTS/S",
            "LAG",
            "PROGRESS",
            "ERROR");
    assertThat(waiting.lines().get(1).split("\\s+", 10))
        .containsExactly(
            VIEW,
            "1",
            "1",
            "serving",
            "WAITING",
            "0",
            "0.0",
            "0",
            "100.0%",
            "waiting for stream clicks to be created");

    ingestClicks(12);
    await().atMost(Duration.ofSeconds(30)).until(() -> exampleRow()[5].equals("12"));
    String[] row = exampleRow();
    assertThat(row[0]).isEqualTo(VIEW);
    assertThat(row[4]).isEqualTo("RUNNING");
    assertThat(row[5]).isEqualTo("12");
    assertThat(row[7]).isEqualTo("0");
    assertThat(row[8]).isEqualTo("100.0%");

    Cli.Result json = cli.run("view", "list", "--server", url, "--json");
    assertThat(json.out()).startsWith("{\"views\":[{\"id\":\"" + VIEW + "@1\"");
  }

  @Test
  void status_printsStateSourcesWindowProgressAndEachPartitionsOffsets() {
    ingestClicks(9);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cli.run("view", "status", VIEW + "@1", "--server", url)
                    .out()
                    .contains("processed  9 "));

    Cli.Result status = cli.run("view", "status", VIEW + "@1", "--server", url);
    assertThat(status.exitCode()).isZero();
    assertThat(status.lines()).startsWith("view " + VIEW + "@1 build 1 (serving): RUNNING");
    assertThat(status.lines())
        .contains(
            "  origin     built-in example",
            "  sources    clicks",
            "  key type   string",
            "  window     tumbling, 60000 ms");
    assertThat(status.out()).contains("late 0, errors 0", "  progress   100.0%, lag 0, ETA 0s");
    List<String> partitions =
        status.lines().stream()
            .filter(l -> l.matches("\\s+clicks\\s+\\d+\\s+0\\s+\\d+\\s+\\d+\\s+0"))
            .toList();
    assertThat(partitions).as(status.out()).hasSize(2);
    long committed =
        partitions.stream().mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[3])).sum();
    assertThat(committed).isEqualTo(9);

    Cli.Result all = cli.run("view", "status", VIEW, "--server", url);
    // The same build, with every line but the recent rate's the same.
    assertThat(withoutRate(all)).isEqualTo(withoutRate(status));
  }

  @Test
  void status_ofAnUnknownView_failsWithTheServersMessage_andMalformedNamesAreBadArguments() {
    Cli.Result unknown = cli.run("view", "status", "nope", "--server", url);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("kappa: no view is named 'nope'").hasLineCount(1);

    Cli.Result version = cli.run("view", "status", VIEW + "@9", "--server", url);
    assertThat(version.exitCode()).isEqualTo(1);
    assertThat(version.err()).contains("has no running build of version 9");

    Cli.Result malformed = cli.run("view", "status", VIEW + "@one", "--server", url);
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("invalid view version 'one'");

    Cli.Result badName = cli.run("view", "status", "a/b", "--server", url);
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err()).contains("invalid view name 'a/b'");
  }

  @Test
  void view_withoutServer_isABadArgument_andAnUnreachableServerFails() {
    Cli.Result noServer = cli.run("view", "list");
    assertThat(noServer.exitCode()).isEqualTo(2);
    assertThat(noServer.err()).contains("needs --server URL");

    Cli.Result unreachable = cli.run("view", "list", "--server", "http://127.0.0.1:1");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith("kappa: cannot reach the server");
  }

  @Test
  void server_withAMissingViewJar_failsInOneLineNamingIt() {
    Path missing = dir.resolve("missing.jar");
    Cli.Result result =
        new Cli(dir.resolve("other")).run("server", "--port", "0", "--views", missing.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("kappa: view jar " + missing + " does not exist or is not a file\n");
  }

  private static List<String> withoutRate(Cli.Result status) {
    return status.lines().stream().filter(l -> !l.startsWith("  processed ")).toList();
  }

  /** The columns of the example view's row in {@code kappa view list}. */
  private String[] exampleRow() {
    return cli.run("view", "list", "--server", url).lines().get(1).split("\\s+");
  }

  private void ingestClicks(int count) {
    ingestClicks(cli, url, count);
  }

  /** Creates stream clicks (two partitions, schemaless) and ingests {@code count} page views. */
  static void ingestClicks(Cli cli, String url, int count) {
    Cli.Result created =
        cli.run("stream", "create", "clicks", "--partitions", "2", "--schemaless", "--server", url);
    assertThat(created.exitCode()).as(created.err()).isZero();
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < count; i++) {
      events
          .append("{\"user\":\"u")
          .append(i)
          .append("\",\"page\":\"/p")
          .append(i % 3)
          .append("\"}\n");
    }
    Cli.Result ingested =
        cli.runWithStdin(events.toString(), "ingest", "clicks", "-", "--server", url);
    assertThat(ingested.exitCode()).as(ingested.err()).isZero();
  }
}
