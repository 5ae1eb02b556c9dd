package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.cli.internal.http.HttpReply;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The deployment actions of {@code kappa view}: deploy, replay, as-of, promote, rollback, retire
 * and drop. Each calls one route of the server's {@code /views/{view}} API as {@code $USER} and
 * prints the build it acted on (or, with {@code --json}, the server's answer); a refused action
 * exits with {@link CliErrors#FAILED} and the server's message.
 */
final class ViewDeployCommands {

  private ViewDeployCommands() {}

  /** What every action has: the server, {@code --json}, the view, and how to print the answer. */
  abstract static class Action implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Mixin ViewCalls.JsonOption output = new ViewCalls.JsonOption();

    @Parameters(index = "0", paramLabel = "VIEW", description = "The view's name.")
    String view;

    /** The server's answer for {@code name}. */
    abstract HttpReply call(KappaHttpClient http, String name);

    /** The past tense of the action, to begin the line printed. */
    abstract String done();

    @Override
    public Integer call() {
      String name = ViewCalls.name(view);
      JsonNode build;
      try (KappaHttpClient http = ViewCalls.connect(server)) {
        build = call(http, name).orThrow().json();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json) {
        out.println(build);
      } else {
        ViewCalls.printAction(out, done(), build);
      }
      return 0;
    }

    static ObjectNode body() {
      return JsonNodeFactory.instance.objectNode();
    }

    static HttpReply post(KappaHttpClient http, String path, ObjectNode body) {
      return http.post(path, body, ViewCalls.actor());
    }
  }

  /** An action that starts a new build: where it starts reading, and whether it takes over. */
  abstract static class Starting extends Action {
    @Mixin ViewStartOptions start = new ViewStartOptions();

    @Option(
        names = "--manual",
        description = "Do not take over by itself once caught up; wait for kappa view promote.")
    boolean manual;

    /** {@code body} with the start point and, if {@code --manual}, no automatic cutover. */
    ObjectNode withStart(ObjectNode body) {
      ObjectNode from = start.from();
      if (from != null) {
        body.set("from", from);
      }
      if (manual) {
        body.put("autoCutover", false);
      }
      return body;
    }
  }

  @Command(
      name = "deploy",
      description = {
        "Deploy a version of a view (default: the highest the server defines). A new build replays"
            + " the log beside the serving one and takes over once it has caught up, unless"
            + " --manual (then: kappa view promote). A view's first build serves at once.",
        "It starts at the beginning of the log unless --from-time or --from-offsets says otherwise."
      })
  static final class Deploy extends Starting {
    @Option(names = "--version", paramLabel = "N", description = "The view version to deploy.")
    Integer version;

    @Override
    HttpReply call(KappaHttpClient http, String name) {
      ObjectNode body = body();
      if (version != null) {
        body.put("version", version);
      }
      return post(http, "/views/" + name + "/deploy", withStart(body));
    }

    @Override
    String done() {
      return "deployed";
    }
  }

  @Command(
      name = "replay",
      description = {
        "Rebuild a version of a view from a point (default: the beginning of the log), as a new"
            + " build that takes over from the serving one once it has caught up, unless --manual."
      })
  static final class Replay extends Starting {
    @Option(
        names = "--version",
        paramLabel = "N",
        required = true,
        description = "The view version to rebuild.")
    int version;

    @Override
    HttpReply call(KappaHttpClient http, String name) {
      return post(http, "/views/" + name + "/versions/" + version + "/replay", withStart(body()));
    }

    @Override
    String done() {
      return "replaying";
    }
  }

  @Command(
      name = "as-of",
      description = {
        "Build a version of a view as of a past time, into a temporary build that never serves:"
            + " each partition up to its first record at or after T. Query it with"
            + " ?build=B, and drop it with kappa view drop."
      })
  static final class AsOf extends Action {
    @Option(
        names = "--version",
        paramLabel = "N",
        required = true,
        description = "The view version to build.")
    int version;

    @Option(
        names = "--time",
        paramLabel = "T",
        required = true,
        description = "The time to build it as of (epoch ms or ISO-8601).")
    String time;

    @Override
    HttpReply call(KappaHttpClient http, String name) {
      ObjectNode body = body().put("time", Times.parse(time));
      return post(http, "/views/" + name + "/versions/" + version + "/as-of", body);
    }

    @Override
    String done() {
      return "building";
    }
  }

  @Command(
      name = "promote",
      description = {
        "Make the candidate build of a view serve now (a manual cutover). Without --force, only a"
            + " candidate that has caught up is promoted."
      })
  static final class Promote extends Action {
    @Option(
        names = "--version",
        paramLabel = "N",
        description = "Promote the candidate only if it runs this version.")
    Integer version;

    @Option(names = "--force", description = "Promote it even if it has not caught up.")
    boolean force;

    @Override
    HttpReply call(KappaHttpClient http, String name) {
      ObjectNode body = body().put("force", force);
      if (version != null) {
        body.put("version", version);
      }
      return post(http, "/views/" + name + "/promote", body);
    }

    @Override
    String done() {
      return "promoted";
    }
  }

  @Command(
      name = "rollback",
      description = {
        "Serve the build of a view that served before again; the serving one retires. Instant"
            + " while the earlier build's state is kept (views.retiredGrace)."
      })
  static final class Rollback extends Action {
    @Override
    HttpReply call(KappaHttpClient http, String name) {
      return post(http, "/views/" + name + "/rollback", body());
    }

    @Override
    String done() {
      return "rolled back";
    }
  }

  @Command(
      name = "retire",
      description = {
        "Stop the running build of a version that does not serve (a candidate or a temporary"
            + " build); its state is kept for views.retiredGrace."
      })
  static final class Retire extends Action {
    @Option(
        names = "--version",
        paramLabel = "N",
        required = true,
        description = "The view version whose build to stop.")
    int version;

    @Override
    HttpReply call(KappaHttpClient http, String name) {
      return post(http, "/views/" + name + "/versions/" + version + "/retire", body());
    }

    @Override
    String done() {
      return "retired";
    }
  }

  @Command(
      name = "drop",
      description = {
        "Delete a build's state now: a temporary build, or one that no longer serves."
      })
  static final class Drop extends Action {
    @Option(
        names = "--build",
        paramLabel = "B",
        required = true,
        description = "The build to delete.")
    long build;

    @Override
    HttpReply call(KappaHttpClient http, String name) {
      return http.delete("/views/" + name + "/builds/" + build, ViewCalls.actor());
    }

    @Override
    String done() {
      return "dropped";
    }
  }
}
