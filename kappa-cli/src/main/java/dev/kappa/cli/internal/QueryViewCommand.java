package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa query view NAME}: a view's results through {@code GET /views/{view}/state}, as a
 * table (key, window start and end, closed, value) or the server's JSON. The server checks the
 * options (one query shape, a valid range, a known key); its errors exit with {@link
 * CliErrors#FAILED} and its message.
 */
@Command(
    name = "view",
    description = {
      "Query a view's committed results: a key's windows (--key, with --from-time/--to-time), a"
          + " key range (--from/--to), a key prefix (--prefix), the top N (--top), or every key.",
      "--all follows the page cursors to the last page; --position waits until the view has"
          + " processed the events of an ingest reply's position."
    })
final class QueryViewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ServerOption server = new ServerOption();

  @Mixin ViewCalls.JsonOption output = new ViewCalls.JsonOption();

  @Parameters(paramLabel = "NAME", description = "The view.")
  String view;

  @Option(names = "--key", paramLabel = "K", description = "The key whose windows to show.")
  String key;

  @Option(
      names = "--from-time",
      paramLabel = "T",
      description = "With --key: the earliest window start (ISO-8601 or epoch ms).")
  String fromTime;

  @Option(
      names = "--to-time",
      paramLabel = "T",
      description = "With --key: the window start to stop before.")
  String toTime;

  @Option(names = "--from", paramLabel = "K1", description = "The first key of a range.")
  String from;

  @Option(names = "--to", paramLabel = "K2", description = "The key a range stops before.")
  String to;

  @Option(names = "--prefix", paramLabel = "P", description = "The start of the keys to show.")
  String prefix;

  @Option(names = "--top", paramLabel = "N", description = "The N greatest numeric results.")
  Integer top;

  @Option(names = "--limit", paramLabel = "N", description = "Results per page (server: 100).")
  Integer limit;

  @Option(names = "--all", description = "Follow the page cursors to the last page.")
  boolean all;

  @Option(names = "--version", paramLabel = "N", description = "Query this view version.")
  Integer version;

  @Option(names = "--build", paramLabel = "B", description = "Query this build.")
  Long build;

  @Option(
      names = "--position",
      paramLabel = "TOKEN",
      description = "Wait until the view has processed this position (of an ingest reply).")
  String position;

  @Override
  public Integer call() {
    String name = ViewCalls.name(view);
    String query = "/views/" + name + "/state?" + String.join("&", parameters());
    PrintWriter out = spec.commandLine().getOut();
    List<JsonNode> pages = new ArrayList<>();
    try (KappaHttpClient http = ViewCalls.connect(server)) {
      String cursor = null;
      do {
        String path = cursor == null ? query : query + "&cursor=" + encode(cursor);
        JsonNode page = http.get(path).orThrow().json();
        pages.add(page);
        if (output.json) {
          out.println(page);
          out.flush();
        }
        JsonNode next = page.path("next");
        cursor = all && next.isTextual() ? next.asText() : null;
      } while (cursor != null);
    }
    if (!output.json) {
      print(out, pages);
    }
    return 0;
  }

  private List<String> parameters() {
    List<String> p = new ArrayList<>();
    add(p, "key", key);
    add(p, "fromTime", fromTime);
    add(p, "toTime", toTime);
    add(p, "from", from);
    add(p, "to", to);
    add(p, "prefix", prefix);
    add(p, "top", top);
    add(p, "limit", limit);
    add(p, "version", version);
    add(p, "build", build);
    add(p, "position", position);
    return p;
  }

  private static void add(List<String> parameters, String name, Object value) {
    if (value != null) {
      parameters.add(name + "=" + encode(value.toString()));
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static void print(PrintWriter out, List<JsonNode> pages) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KEY", "WINDOW START", "WINDOW END", "CLOSED", "VALUE"});
    for (JsonNode page : pages) {
      for (JsonNode r : page.path("results")) {
        JsonNode window = r.path("window");
        rows.add(
            new String[] {
              r.path("key").isTextual() ? r.path("key").asText() : r.path("key").toString(),
              window.isObject() ? time(window.path("start")) : "-",
              window.isObject() ? time(window.path("end")) : "-",
              r.has("closed") ? Boolean.toString(r.path("closed").asBoolean()) : "-",
              r.path("value").isTextual() ? r.path("value").asText() : r.path("value").toString()
            });
      }
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == 0 ? "" : "  ");
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    JsonNode last = pages.getLast();
    out.printf(
        "view %s version %d build %d; position %s%s%n",
        last.path("view").asText(),
        last.path("version").asInt(),
        last.path("build").asLong(),
        last.path("position").asText(),
        last.path("next").isTextual() ? "; more: --all, or the next page's cursor" : "");
  }

  private static String time(JsonNode millis) {
    return Instant.ofEpochMilli(millis.asLong()).toString();
  }
}
