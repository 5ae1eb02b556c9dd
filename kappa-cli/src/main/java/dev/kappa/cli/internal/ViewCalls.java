package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * What the {@code kappa view} commands share: the server they call, the view names they accept, who
 * they act as, and how they print a build.
 *
 * <p>Deployment actions send {@value #ACTOR_HEADER} with the user from the environment ({@code
 * $USER}, else {@code cli}); the server records it, with the client's address, in the view's
 * deployment history.
 */
final class ViewCalls {

  /** The request header naming who acts. */
  static final String ACTOR_HEADER = "Kappa-Actor";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private ViewCalls() {}

  /** The {@code --json} option: print the server's JSON answer as it is. */
  static final class JsonOption {
    @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
    boolean json;
  }

  /**
   * {@code name} if it is a valid view name.
   *
   * @throws IllegalArgumentException otherwise
   */
  static String name(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid view name '" + name + "': use letters, digits, '.', '_' and '-'");
    }
    return name;
  }

  /**
   * A client of the server {@code --server} names.
   *
   * @throws IllegalArgumentException if it was not given
   */
  static KappaHttpClient connect(ServerOption server) {
    if (!server.given()) {
      throw new IllegalArgumentException(
          "kappa view needs --server URL: views run inside a server (kappa server)");
    }
    return server.connect();
  }

  /** The header naming who acts: {@code $USER}, or {@code cli} if it is not set. */
  static Map<String, String> actor() {
    String user = System.getenv("USER");
    return Map.of(ACTOR_HEADER, user == null || user.isBlank() ? "cli" : user.strip());
  }

  /** One line about a build an action answered with: its id, version, role and state. */
  static void printAction(PrintWriter out, String done, JsonNode build) {
    out.printf(
        "%s %s: build %d (version %d), %s, %s%n",
        done,
        build.path("name").asText(),
        build.path("build").asLong(),
        build.path("version").asInt(),
        build.path("role").asText(),
        build.path("state").asText());
    if (build.path("asOf").isTextual()) {
      out.printf("  as of %s%n", build.path("asOf").asText());
    }
    if (build.path("error").isTextual()) {
      out.printf("  error: %s%n", build.path("error").asText());
    }
  }

  /** A fraction from 0 to 1 as a percentage, or {@code -} if absent. */
  static String percent(JsonNode fraction) {
    return fraction.isNumber()
        ? String.format(Locale.ROOT, "%.1f%%", fraction.asDouble() * 100)
        : "-";
  }

  /** Seconds to go as {@code 1h02m}, {@code 3m05s} or {@code 12s}; {@code -} if unknown. */
  static String eta(JsonNode seconds) {
    if (!seconds.isNumber() || seconds.asLong() < 0) {
      return "-";
    }
    Duration d = Duration.ofSeconds(seconds.asLong());
    if (d.toHours() > 0) {
      return String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + "s";
  }

  /** A number, or {@code -} if absent (a build that does not run has no rate or lag). */
  static String number(JsonNode value) {
    if (!value.isNumber()) {
      return "-";
    }
    return value.isIntegralNumber()
        ? Long.toString(value.asLong())
        : String.format(Locale.ROOT, "%.1f", value.asDouble());
  }
}
