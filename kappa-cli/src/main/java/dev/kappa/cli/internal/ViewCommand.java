package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa view list|status}: the views a running server runs, through its {@code /views} API
 * ({@code --server} is required: views run inside a server). An unknown view exits with {@link
 * CliErrors#FAILED} and the server's message; a malformed {@code NAME@VERSION} with {@link
 * CliErrors#USAGE}.
 */
@Command(
    name = "view",
    description = "List the views a server runs, and show one view's status.",
    subcommands = {ViewCommand.ListViews.class, ViewCommand.Status.class})
final class ViewCommand {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  @Command(
      name = "list",
      description = {
        "List the server's views: version, state, records processed, events/s, lag and error.",
        "STATE is WAITING (a source stream does not exist yet), RUNNING, FAILED or STOPPED."
      })
  static final class ListViews implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public Integer call() {
      JsonNode views;
      try (KappaHttpClient http = connect(server)) {
        views = http.get("/views").orThrow().json().path("views");
      }
      int width = 4;
      for (JsonNode v : views) {
        width = Math.max(width, v.path("name").asText().length());
      }
      String row = "%-" + width + "s  %7s  %-8s  %12s  %10s  %10s  %s%n";
      PrintWriter out = spec.commandLine().getOut();
      out.printf(row, "VIEW", "VERSION", "STATE", "PROCESSED", "EVENTS/S", "LAG", "ERROR");
      for (JsonNode v : views) {
        out.printf(
            row,
            v.path("name").asText(),
            v.path("version").asInt(),
            v.path("state").asText(),
            v.path("processed").asLong(),
            String.format(Locale.ROOT, "%.1f", v.path("eventsPerSecond").asDouble()),
            v.path("lag").asLong(),
            v.path("error").isTextual() ? v.path("error").asText() : "");
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      description = {
        "Show a view's status: state, error, where it came from, its sources and window, records"
            + " processed, late and failed, its watermark, and each source partition's committed"
            + " offset, durable end and lag.",
        "NAME shows every version of the view; NAME@VERSION one ('latest' works too)."
      })
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Parameters(paramLabel = "NAME[@VERSION]", description = "The view, and optionally a version.")
    String view;

    @Override
    public Integer call() {
      int at = view.lastIndexOf('@');
      String name = at < 0 ? view : view.substring(0, at);
      String version = at < 0 ? null : view.substring(at + 1);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "invalid view name '" + name + "': use letters, digits, '.', '_' and '-'");
      }
      if (version != null && !version.equals("latest") && !version.matches("[0-9]{1,9}")) {
        throw new IllegalArgumentException(
            "invalid view version '" + version + "' in '" + view + "': a number or 'latest'");
      }
      List<JsonNode> versions = new ArrayList<>();
      try (KappaHttpClient http = connect(server)) {
        if (version == null) {
          http.get("/views/" + name).orThrow().json().path("versions").forEach(versions::add);
        } else {
          versions.add(http.get("/views/" + name + "/versions/" + version).orThrow().json());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      for (int i = 0; i < versions.size(); i++) {
        if (i > 0) {
          out.println();
        }
        print(out, versions.get(i));
      }
      return 0;
    }

    private static void print(PrintWriter out, JsonNode v) {
      out.printf("view %s: %s%n", v.path("id").asText(), v.path("state").asText());
      if (v.path("error").isTextual()) {
        out.printf("  error      %s%n", v.path("error").asText());
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
      out.printf("  lag        %d%n", v.path("lag").asLong());
      JsonNode partitions = v.path("partitions");
      if (partitions.isEmpty()) {
        return;
      }
      int width = 6;
      for (JsonNode p : partitions) {
        width = Math.max(width, p.path("stream").asText().length());
      }
      String row = "  %-" + width + "s  %9s  %14s  %14s  %10s%n";
      out.printf(row, "STREAM", "PARTITION", "COMMITTED", "DURABLE_END", "LAG");
      for (JsonNode p : partitions) {
        out.printf(
            row,
            p.path("stream").asText(),
            p.path("partition").asInt(),
            p.path("committedOffset").asLong(),
            p.path("durableEnd").asLong(),
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

  /**
   * A client of the server {@code --server} names.
   *
   * @throws IllegalArgumentException if it was not given
   */
  private static KappaHttpClient connect(ServerOption server) {
    if (!server.given()) {
      throw new IllegalArgumentException(
          "kappa view needs --server URL: views run inside a server (kappa server)");
    }
    return server.connect();
  }
}
