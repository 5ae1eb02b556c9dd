package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The view half of {@code kappa demo}, all through the HTTP API: waits for version 1 of {@code
 * page-views-per-minute} to serve, deploys version 2 (which rebuilds from the log beside it),
 * prints the replay's progress until the server cuts over by itself, and prints the view's
 * deployment history.
 */
final class DemoViews {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);
  private static final long POLL_MS = 250;

  private final KappaHttpClient http;
  private final PrintWriter out;
  private final String path = "/views/" + DemoCommand.VIEW;

  DemoViews(KappaHttpClient http, PrintWriter out) {
    this.http = http;
    this.out = out;
  }

  /** Waits until the serving build runs and has processed some clicks; returns its version. */
  int awaitServing() throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      JsonNode view = http.get(path).orThrow().json();
      JsonNode serving = build(view, view.path("servingBuild").asLong());
      if (serving != null
          && "RUNNING".equals(serving.path("state").asText())
          && serving.path("processed").asLong() > 0) {
        return serving.path("version").asInt();
      }
      Thread.sleep(POLL_MS);
    }
    throw new CommandFailedException("view " + DemoCommand.VIEW + " never started serving");
  }

  /**
   * Deploys version 2 as user {@code demo}, prints its progress until it serves, and returns its
   * build id.
   */
  long deployAndAwaitCutover() throws InterruptedException {
    JsonNode deployed =
        http.post(
                path + "/deploy",
                JSON.createObjectNode().put("version", 2),
                Map.of("Kappa-Actor", DemoCommand.ACTOR))
            .orThrow()
            .json();
    long build = deployed.path("build").asLong();
    out.printf(
        "deployed version 2 (bots left out) as build %d: it replays the log from the beginning"
            + " while version 1 keeps serving%n",
        build);
    out.flush();
    long started = System.nanoTime();
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      JsonNode view = http.get(path).orThrow().json();
      JsonNode candidate = build(view, build);
      if (view.path("servingBuild").asLong() == build) {
        out.printf(
            "cutover: version 2 serves after %.1f s of replay, caught up with the live clicks;"
                + " version 1 retired%n",
            (System.nanoTime() - started) / 1e9);
        out.flush();
        return build;
      }
      if (candidate == null || "FAILED".equals(candidate.path("state").asText())) {
        throw new CommandFailedException(
            "build " + build + " of " + DemoCommand.VIEW + " did not run: " + candidate);
      }
      out.printf(
          "  replaying version 2 (%s): %5.1f%%, %,d clicks processed, %,.0f events/s, ETA %s,"
              + " lag %,d records%n",
          candidate.path("state").asText(),
          100 * candidate.path("progress").asDouble(),
          candidate.path("processed").asLong(),
          candidate.path("eventsPerSecond").asDouble(),
          eta(candidate.path("etaSeconds").asLong(-1)),
          candidate.path("lag").asLong());
      out.flush();
      Thread.sleep(POLL_MS);
    }
    throw new CommandFailedException(
        "version 2 of " + DemoCommand.VIEW + " did not take over within 5 minutes");
  }

  /** Prints the view's deployment record; returns its actions, in order, separated by spaces. */
  String printHistory() {
    JsonNode history = http.get(path + "/history").orThrow().json();
    StringBuilder actions = new StringBuilder();
    out.println("deployment history (GET " + path + "/history):");
    for (JsonNode event : history.path("events")) {
      String action = event.path("action").asText();
      actions.append(actions.isEmpty() ? "" : " ").append(action);
      String from =
          event.path("fromBuild").asLong() == 0
              ? ""
              : " (from build " + event.path("fromBuild").asLong() + ")";
      out.printf(
          "  %s  %-8s version %d, build %d%s by %s: %s%n",
          Instant.parse(event.path("at").asText()).truncatedTo(ChronoUnit.SECONDS),
          action,
          event.path("version").asInt(),
          event.path("build").asLong(),
          from,
          event.path("actor").asText(),
          event.path("reason").asText());
    }
    return actions.toString();
  }

  /**
   * How many clicks the serving build left out as late, once it lags the log by at most {@code
   * maxLag} records (a build counts as caught up, and takes over, at up to {@code
   * views.cutoverMaxLag} records behind, which is all of a short demo's log).
   */
  long lateTotal(long maxLag) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(10);
    while (System.currentTimeMillis() < deadline) {
      JsonNode view = http.get(path).orThrow().json();
      JsonNode serving = build(view, view.path("servingBuild").asLong());
      if (serving != null && serving.path("lag").asLong(Long.MAX_VALUE) <= maxLag) {
        break;
      }
      Thread.sleep(POLL_MS);
    }
    return http.get(path + "/late?limit=1").orThrow().json().path("total").asLong();
  }

  /**
   * Prints what version 1 last answered and version 2 first answered for the same minute of {@code
   * key}: the difference is the bots that version 2 leaves out.
   */
  void printDifference(String key, JsonNode v1Last, JsonNode v2First) {
    if (v1Last == null || v2First == null || v1Last.path("results").isEmpty()) {
      return;
    }
    JsonNode results = v1Last.path("results");
    JsonNode window = results.get(results.size() - 1);
    long start = window.path("window").path("start").asLong();
    for (JsonNode r : v2First.path("results")) {
      if (r.path("window").path("start").asLong() == start) {
        out.printf(
            "the new rule shows at once: views of %s in the minute from %s: version 1's last"
                + " answer %d (bots included), version 2's first answer %d (bots left out)%n",
            key,
            Instant.ofEpochMilli(start),
            window.path("value").asLong(),
            r.path("value").asLong());
        return;
      }
    }
  }

  private static String eta(long seconds) {
    return seconds < 0 ? "?" : seconds + " s";
  }

  private static JsonNode build(JsonNode view, long id) {
    for (JsonNode b : view.path("builds")) {
      if (b.path("build").asLong() == id) {
        return b;
      }
    }
    return null;
  }
}
