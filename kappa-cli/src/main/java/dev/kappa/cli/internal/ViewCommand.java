package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa view}: the views a running server runs and their builds, through its {@code /views}
 * API ({@code --server} is required: views run inside a server), and the deployment actions on them
 * ({@link ViewDeployCommands}, {@link ViewBuildCommands}). An unknown view exits with {@link
 * CliErrors#FAILED} and the server's message; a malformed {@code NAME@VERSION} with {@link
 * CliErrors#USAGE}.
 */
@Command(
    name = "view",
    description =
        "List the views a server runs, show their builds and history, and deploy, replay, promote,"
            + " roll back, retire and drop builds.",
    subcommands = {
      ViewCommand.ListViews.class,
      ViewCommand.Status.class,
      ViewBuildCommands.Versions.class,
      ViewBuildCommands.History.class,
      ViewDeployCommands.Deploy.class,
      ViewDeployCommands.Replay.class,
      ViewDeployCommands.AsOf.class,
      ViewDeployCommands.Promote.class,
      ViewDeployCommands.Rollback.class,
      ViewDeployCommands.Retire.class,
      ViewDeployCommands.Drop.class
    })
final class ViewCommand {

  @Command(
      name = "list",
      description = {
        "List the builds the server runs: view, build, version, role, state, records processed,"
            + " events/s, lag, progress and error.",
        "ROLE is serving, candidate (catching up to take over) or temporary (as of a past time)."
            + " STATE is WAITING (a source stream does not exist yet), RUNNING, FINISHED (a"
            + " temporary build that reached its end), FAILED or STOPPED."
      })
  static final class ListViews implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Mixin ViewCalls.JsonOption output = new ViewCalls.JsonOption();

    @Override
    public Integer call() {
      JsonNode answer;
      try (KappaHttpClient http = ViewCalls.connect(server)) {
        answer = http.get("/views").orThrow().json();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json) {
        out.println(answer);
        return 0;
      }
      JsonNode views = answer.path("views");
      int width = 4;
      for (JsonNode v : views) {
        width = Math.max(width, v.path("name").asText().length());
      }
      String row = "%-" + width + "s  %5s  %7s  %-9s  %-8s  %12s  %10s  %10s  %8s  %s%n";
      out.printf(
          row,
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
      for (JsonNode v : views) {
        out.printf(
            row,
            v.path("name").asText(),
            v.path("build").asLong(),
            v.path("version").asInt(),
            v.path("role").asText(),
            v.path("state").asText(),
            v.path("processed").asLong(),
            String.format(Locale.ROOT, "%.1f", v.path("eventsPerSecond").asDouble()),
            v.path("lag").asLong(),
            ViewCalls.percent(v.path("progress")),
            v.path("error").isTextual() ? v.path("error").asText() : "");
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      description = {
        "Show a view's builds: role, state, error, where the view came from, its sources and"
            + " window, records processed, late and failed, its watermark, and each source"
            + " partition's start, committed and end offset and lag.",
        "NAME shows every build of the view; NAME@VERSION the build a query pinned to that"
            + " version reads (the serving one, else the newest running one)."
      })
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Mixin ViewCalls.JsonOption output = new ViewCalls.JsonOption();

    @Parameters(paramLabel = "NAME[@VERSION]", description = "The view, and optionally a version.")
    String view;

    @Override
    public Integer call() {
      int at = view.lastIndexOf('@');
      String name = ViewCalls.name(at < 0 ? view : view.substring(0, at));
      String version = at < 0 ? null : view.substring(at + 1);
      if (version != null && !version.matches("[1-9][0-9]{0,8}")) {
        throw new IllegalArgumentException(
            "invalid view version '" + version + "' in '" + view + "': a number of 1 or more");
      }
      JsonNode answer;
      try (KappaHttpClient http = ViewCalls.connect(server)) {
        String path = "/views/" + name + (version == null ? "" : "/versions/" + version);
        answer = http.get(path).orThrow().json();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json) {
        out.println(answer);
        return 0;
      }
      List<JsonNode> builds = new ArrayList<>();
      if (version == null) {
        answer.path("builds").forEach(builds::add);
      } else {
        builds.add(answer);
      }
      for (int i = 0; i < builds.size(); i++) {
        if (i > 0) {
          out.println();
        }
        print(out, builds.get(i));
      }
      return 0;
    }

    private static void print(PrintWriter out, JsonNode v) {
      out.printf(
          "view %s build %d (%s): %s%n",
          v.path("id").asText(),
          v.path("build").asLong(),
          v.path("role").asText(),
          v.path("state").asText());
      if (v.path("error").isTextual()) {
        out.printf("  error      %s%n", v.path("error").asText());
      }
      if (v.path("asOf").isTextual()) {
        out.printf("  as of      %s%n", v.path("asOf").asText());
      }
      out.printf("  deployed   %s%n", v.path("deployedAt").asText());
      if (!v.has("origin")) {
        return; // the build does not run: only what the deployment record knows
      }
      out.printf("  origin     %s%n", v.path("origin").asText());
      List<String> sources = new ArrayList<>();
      v.path("sources").forEach(s -> sources.add(s.asText()));
      out.printf("  sources    %s%n", String.join(", ", sources));
      out.printf("  key type   %s%n", v.path("keyType").asText());
      out.printf("  window     %s%n", window(v.path("window")));
      out.printf(
          Locale.ROOT,
          "  processed  %d (%.1f events/s), late %d, errors %d%n",
          v.path("processed").asLong(),
          v.path("eventsPerSecond").asDouble(),
          v.path("late").asLong(),
          v.path("errors").asLong());
      JsonNode watermark = v.path("watermark");
      out.printf(
          "  watermark  %s%n",
          watermark.isNumber() ? Instant.ofEpochMilli(watermark.asLong()).toString() : "none");
      out.printf(
          "  progress   %s, lag %d, ETA %s%n",
          ViewCalls.percent(v.path("progress")),
          v.path("lag").asLong(),
          ViewCalls.eta(v.path("etaSeconds")));
      JsonNode partitions = v.path("partitions");
      if (partitions.isEmpty()) {
        return;
      }
      int width = 6;
      for (JsonNode p : partitions) {
        width = Math.max(width, p.path("stream").asText().length());
      }
      String row = "  %-" + width + "s  %9s  %14s  %14s  %14s  %10s%n";
      out.printf(row, "STREAM", "PARTITION", "START", "COMMITTED", "END", "LAG");
      for (JsonNode p : partitions) {
        out.printf(
            row,
            p.path("stream").asText(),
            p.path("partition").asInt(),
            p.path("startOffset").asLong(),
            p.path("committedOffset").asLong(),
            p.path("endOffset").asLong(),
            p.path("lag").asLong());
      }
    }

    private static String window(JsonNode window) {
      if (!window.isObject()) {
        return "none (one result per key over all time)";
      }
      return switch (window.path("type").asText()) {
        case "tumbling" -> "tumbling, " + window.path("sizeMs").asLong() + " ms";
        case "hopping" ->
            "hopping, "
                + window.path("sizeMs").asLong()
                + " ms every "
                + window.path("advanceMs").asLong()
                + " ms";
        case "session" -> "session, gap " + window.path("gapMs").asLong() + " ms";
        default -> window.toString();
      };
    }
  }
}
