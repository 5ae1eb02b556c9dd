package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa view versions} and {@code kappa view history}: a view's builds, and its deployment
 * record, as tables (or, with {@code --json}, the server's answers).
 */
final class ViewBuildCommands {

  private ViewBuildCommands() {}

  /** A read of one view: its answer printed as a table, or as it is with {@code --json}. */
  abstract static class Read implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Mixin ViewCalls.JsonOption output = new ViewCalls.JsonOption();

    @Parameters(paramLabel = "VIEW", description = "The view's name.")
    String view;

    @Override
    public Integer call() {
      String name = ViewCalls.name(view);
      JsonNode answer;
      try (KappaHttpClient http = ViewCalls.connect(server)) {
        answer = http.get(path(name)).orThrow().json();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json) {
        out.println(answer);
      } else {
        print(out, answer);
      }
      return 0;
    }

    /** The path of the view's answer. */
    abstract String path(String name);

    /** The answer as a table. */
    abstract void print(PrintWriter out, JsonNode answer);
  }

  @Command(
      name = "versions",
      description = {
        "List a view's builds: build, version, role, state, progress, events/s, time to catch up"
            + " (ETA) and lag.",
        "ROLE is serving (answers queries), candidate (catching up to take over), temporary (as of"
            + " a past time), retired (stopped, state kept for views.retiredGrace) or deleted."
      })
  static final class Versions extends Read {
    @Override
    String path(String name) {
      return "/views/" + name;
    }

    @Override
    void print(PrintWriter out, JsonNode answer) {
      String row = "%5s  %7s  %-9s  %-8s  %8s  %10s  %7s  %10s%n";
      out.printf(row, "BUILD", "VERSION", "ROLE", "STATE", "PROGRESS", "EVENTS/S", "ETA", "LAG");
      for (JsonNode b : answer.path("builds")) {
        out.printf(
            row,
            b.path("build").asLong(),
            b.path("version").asInt(),
            b.path("role").asText(),
            b.path("state").asText(),
            ViewCalls.percent(b.path("progress")),
            ViewCalls.number(b.path("eventsPerSecond")),
            ViewCalls.eta(b.path("etaSeconds")),
            ViewCalls.number(b.path("lag")));
      }
    }
  }

  @Command(
      name = "history",
      description = {
        "Show a view's deployment record, oldest first: when, who, what, which build (and"
            + " version), from which build, and why.",
        "ACTOR is the user who acted (with their address), or kappa for what the server did by"
            + " itself: a first deploy, an automatic cutover, deleting state after the grace."
      })
  static final class History extends Read {
    @Override
    String path(String name) {
      return "/views/" + name + "/history";
    }

    @Override
    void print(PrintWriter out, JsonNode answer) {
      JsonNode events = answer.path("events");
      int actorWidth = 5;
      for (JsonNode e : events) {
        actorWidth = Math.max(actorWidth, e.path("actor").asText().length());
      }
      String row = "%-24s  %-" + actorWidth + "s  %-8s  %-13s  %-13s  %s%n";
      out.printf(row, "AT", "ACTOR", "ACTION", "BUILD/VERSION", "FROM", "REASON");
      for (JsonNode e : events) {
        long from = e.path("fromBuild").asLong();
        out.printf(
            row,
            e.path("at").asText(),
            e.path("actor").asText(),
            e.path("action").asText(),
            e.path("build").asLong() + "/" + e.path("version").asInt(),
            from == 0 ? "-" : from + "/" + e.path("fromVersion").asInt(),
            e.path("reason").isTextual() ? e.path("reason").asText() : "");
      }
    }
  }
}
