package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import dev.kappa.server.ServerStartException;
import dev.kappa.server.ViewSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kappa demo}: Kappa's main job, end to end, on a fresh data directory. Starts the server
 * with the example views, creates stream {@code clicks}, generates clicks through the ingest API at
 * a steady rate (some late, some invalid, some from bots; {@link DemoClicks}), waits for version 1
 * of {@code page-views-per-minute} to serve, prints where to look, then deploys version 2 (bots
 * left out), shows its replay until the automatic cutover while a dashboard-like loop keeps
 * querying ({@link DemoQueries}), and prints what the queries saw and the deployment history.
 *
 * <p>Then it keeps running until Ctrl-C, or until {@code --duration} has passed since it started;
 * either way it stops the generator, closes the server cleanly and keeps the data directory.
 */
@Command(
    name = "demo",
    description = {
      "Start a server on a fresh data directory, generate a live clickstream through its ingest API"
          + " (some late, some invalid), serve the example view page-views-per-minute, then deploy"
          + " version 2 of it and show the replay and the automatic cutover while queries keep"
          + " answering.",
      "Runs until Ctrl-C, or for --duration."
    })
final class DemoCommand implements Callable<Integer> {

  static final String STREAM = "clicks";
  static final String VIEW = "page-views-per-minute";
  static final String ACTOR = "demo";
  static final int PARTITIONS = 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description = "Clicks generated per second (default: 2000).")
  int rate = 2000;

  @Option(
      names = "--deploy-after",
      paramLabel = "S",
      description = "Seconds of live clicks before version 2 is deployed (default: 10).")
  int deployAfter = 10;

  @Option(
      names = "--duration",
      paramLabel = "S",
      description =
          "Stop after S seconds from the start (at the earliest once the cutover is shown) and"
              + " exit; default: run until Ctrl-C.")
  Integer duration;

  @Option(
      names = "--port",
      paramLabel = "P",
      description =
          "The server's port (default: "
              + ServerConfig.DEFAULT_PORT
              + ", or any free one if it is taken; 0 for any free one).")
  int port = ServerConfig.DEFAULT_PORT;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the clicks (default: 1).")
  long seed = 1;

  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws IOException, InterruptedException {
    check();
    long startedAt = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Commands.root(spec).explicitDataDir();
    if (dir == null) {
      dir = Files.createTempDirectory("kappa-demo-");
    }
    dir = dir.toAbsolutePath().normalize();
    KappaServer server = start(dir, out);
    KappaHttpClient http = KappaHttpClient.connect(server.uri().toString(), Duration.ofSeconds(30));
    DemoClicks clicks = new DemoClicks(http, rate, seed);
    DemoQueries queries = new DemoQueries(http);
    Path data = dir;
    Thread hook =
        new Thread(
            () -> {
              stop(server, http, clicks, queries, data, out);
              closed.countDown();
            },
            "kappa-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean ok;
    try {
      ok = show(server, http, clicks, queries, out);
      if (duration == null) {
        out.println("running until Ctrl-C…");
        out.flush();
        closed.await();
        return 0;
      }
      long left = TimeUnit.SECONDS.toNanos(duration) - (System.nanoTime() - startedAt);
      if (left > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running; stop() runs once
      }
      stop(server, http, clicks, queries, data, out);
    }
    return ok ? 0 : 1;
  }

  private void check() {
    if (rate < 1 || rate > 100_000) {
      throw new IllegalArgumentException("--rate must be 1 to 100000 clicks/s, was " + rate);
    }
    if (deployAfter < 1) {
      throw new IllegalArgumentException("--deploy-after must be positive, was " + deployAfter);
    }
    if (duration != null && duration < 1) {
      throw new IllegalArgumentException("--duration must be positive, was " + duration);
    }
  }

  /** Starts the server on {@code port}, else on any free port if that one is taken. */
  private KappaServer start(Path dir, PrintWriter out) {
    if (Files.isDirectory(dir.resolve(STREAM))) {
      throw new CommandFailedException(
          "stream '" + STREAM + "' already exists in " + dir + "; use a fresh --data directory");
    }
    ServerConfig.Builder config =
        ServerConfig.builder()
            .dataDir(dir)
            .views(new ViewSettings(null, List.of(), true, ViewSettings.DEFAULT_THREADS));
    KappaServer server;
    try {
      server = KappaServer.start(config.port(port).build());
    } catch (ServerStartException e) {
      if (port == 0) {
        throw e;
      }
      out.printf("port %d is taken; using a free one%n", port);
      server = KappaServer.start(config.port(0).build());
    }
    out.printf("kappa demo: server at %s, data in %s (kept afterwards)%n", server.uri(), dir);
    out.flush();
    return server;
  }

  /** The demo proper; whether everything it claims held. */
  private boolean show(
      KappaServer server,
      KappaHttpClient http,
      DemoClicks clicks,
      DemoQueries queries,
      PrintWriter out)
      throws InterruptedException {
    http.put(
            "/streams/" + STREAM,
            JSON.createObjectNode().put("partitions", PARTITIONS).put("schemaless", true))
        .orThrow();
    out.printf(
        "created stream %s: %d partitions of JSON clicks {user, page, action, agent}, keyed by"
            + " user, event time from each CloudEvent's time%n",
        STREAM, PARTITIONS);
    clicks.start();
    out.printf(
        "generating %,d clicks/s through POST /streams/%s/events (CloudEvents batches): ~%d%% late"
            + " by 2 to 10 minutes, ~%.1f%% invalid (dead-lettered), ~%d%% from bots%n",
        rate,
        STREAM,
        DemoClicks.LATE_PERCENT,
        DemoClicks.INVALID_PER_MILLE / 10.0,
        DemoClicks.BOT_PERCENT);
    DemoViews views = new DemoViews(http, out);
    int version = views.awaitServing();
    out.printf("view %s version %d serves (counts every click)%n%n", VIEW, version);
    printTryThis(server.uri().toString(), out);
    queries.start();
    TimeUnit.SECONDS.sleep(deployAfter);
    out.printf(
        "%nafter %d s: %,d clicks sent, %,d appended, %,d dead-lettered%n",
        deployAfter, clicks.sent.get(), clicks.appended.get(), clicks.deadLettered.get());
    views.deployAndAwaitCutover();
    TimeUnit.SECONDS.sleep(1); // let the queries meet the new version
    return report(views, clicks, queries, out);
  }

  private boolean report(DemoViews views, DemoClicks clicks, DemoQueries queries, PrintWriter out)
      throws InterruptedException {
    List<Integer> seen = queries.versionsSeen();
    out.printf(
        "queries kept answering: %,d answers (%,d from version 1, %,d from version 2), %d errors,"
            + " versions seen %s%n",
        queries.answers(),
        queries.answers(1),
        queries.answers(2),
        queries.errors(),
        seen.stream().map(String::valueOf).collect(Collectors.joining(" → ")));
    if (queries.errors() > 0) {
      out.println("  last error: " + queries.lastError());
    }
    views.printDifference(DemoQueries.KEY, queries.lastAnswer(1), queries.firstAnswer(2));
    String actions = views.printHistory();
    long late = views.lateTotal(Math.max(10, rate / 5));
    out.printf(
        "clicks: %,d sent, %,d appended, %,d invalid ones dead-lettered to %s.deadletter,"
            + " %,d sent late; version 2 left %,d late clicks out (GET /views/%s/late)%n",
        clicks.sent.get(),
        clicks.appended.get(),
        clicks.deadLettered.get(),
        STREAM,
        clicks.late.get(),
        late,
        VIEW);
    if (clicks.failedRequests.get() > 0) {
      out.printf(
          "  %d ingest requests failed; the last: %s%n",
          clicks.failedRequests.get(), clicks.lastFailure());
    }
    out.flush();
    return queries.errors() == 0
        && seen.equals(List.of(1, 2))
        && actions.contains("DEPLOY")
        && actions.contains("PROMOTE")
        && clicks.failedRequests.get() == 0;
  }

  private static void printTryThis(String url, PrintWriter out) {
    String state = url + "/views/" + VIEW + "/state?key=/home";
    out.println("open:");
    out.println("  " + url + "/views                  every view build and its progress");
    out.println("  " + state + "   page views of /home per minute");
    out.println("  " + url + "/views/" + VIEW + "/late   clicks that came too late");
    out.println("  " + url + "/openapi.json           the whole API");
    out.println("  " + url + "/metrics                Prometheus metrics");
    out.println("try:");
    out.println("  curl '" + state + "'");
    out.println(
        "  curl -X POST "
            + url
            + "/streams/"
            + STREAM
            + "/events -H 'Content-Type: application/json' -d"
            + " '{\"user\":\"me\",\"page\":\"/home\",\"action\":\"view\",\"agent\":\"curl\"}'");
    out.println("  ./kappa view list --server " + url);
    out.println("  ./kappa view status " + VIEW + " --server " + url);
    out.println("  ./kappa read " + STREAM + " --server " + url + " --partition 0 --max 3");
    out.println("  ./kappa read " + STREAM + ".deadletter --server " + url + " --max 1");
    out.flush();
  }

  /** Stops the generator and the queries, closes the server; runs once. */
  private void stop(
      KappaServer server,
      KappaHttpClient http,
      DemoClicks clicks,
      DemoQueries queries,
      Path data,
      PrintWriter out) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    clicks.close();
    queries.close();
    server.close();
    http.close();
    out.printf(
        "%nkappa demo stopped; the server closed the log cleanly. The data is in %s:%n"
            + "  ./kappa --data %s server --example-views%n",
        data, data);
    out.flush();
  }
}
