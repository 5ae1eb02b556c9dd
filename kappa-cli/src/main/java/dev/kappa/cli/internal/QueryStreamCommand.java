package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa query stream}: an on-demand aggregation over a stream and a time range, answered by
 * a running server ({@code POST /queries}; {@code --server} is required) and printed as a table or
 * as the server's JSON. Bad arguments exit with {@link CliErrors#USAGE}; an error of the server (an
 * unknown stream, a limit passed) with {@link CliErrors#FAILED} and its code and message.
 */
@Command(
    name = "stream",
    description = {
      "Aggregate a stream's events with event time in [--from, --to) on the server, without"
          + " deploying a view: grouped by a field, in windows, filtered; the result is printed"
          + " and discarded.",
      "Example: kappa query stream clicks --server http://127.0.0.1:8080 --from"
          + " 2026-12-01T00:00:00Z --to 2026-12-01T06:00:00Z --group-by page --window PT5M"
          + " --count"
    })
public final class QueryStreamCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How much longer than the query's own timeout the client waits for the answer. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(10);

  /** The server's default cap on a query's run time ({@code queries.timeout}). */
  private static final Duration SERVER_DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "STREAM", description = "The stream to aggregate.")
  String stream;

  @Option(
      names = "--server",
      paramLabel = "URL",
      required = true,
      description = "The server that runs the query, such as http://127.0.0.1:8080.")
  String server;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "T",
      description = "The range's start (inclusive): ISO-8601 or epoch ms.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "T",
      description = "The range's end (exclusive): ISO-8601 or epoch ms.")
  String to;

  @Option(
      names = "--group-by",
      paramLabel = "FIELD",
      description = "Group by this field (a dotted path such as geo.city).")
  String groupBy;

  @ArgGroup(exclusive = true)
  WindowChoice window;

  @ArgGroup(exclusive = true, multiplicity = "1")
  AggregateChoice aggregate;

  @Option(
      names = "--where",
      paramLabel = "FIELD=VALUE",
      description = "Keep only events whose field has this value (compared as text).")
  String where;

  @Option(
      names = "--read-past",
      paramLabel = "D",
      description = "Read this far past --to for events out of order (default: 0).")
  String readPast;

  @Option(names = "--max-events", paramLabel = "N", description = "Scan at most N records.")
  Long maxEvents;

  @Option(names = "--max-results", paramLabel = "N", description = "Allow at most N results.")
  Long maxResults;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      description =
          "Stop the query after D (such as 30s, 2m or PT2M; default: the server's cap); the"
              + " client waits 10 s longer for the answer.")
  String timeout;

  @Option(
      names = "--query-id",
      paramLabel = "ID",
      description = "The query's id, to cancel it with DELETE /queries/ID (default: random).")
  String queryId;

  @Option(names = "--json", description = "Print the server's JSON answer.")
  boolean json;

  /** At most one window. */
  static final class WindowChoice {
    @Option(names = "--window", paramLabel = "SIZE", description = "Tumbling windows: PT5M, 5m.")
    String tumbling;

    @Option(
        names = "--hop",
        paramLabel = "SIZE/ADVANCE",
        description = "Hopping windows, such as 30m/10m.")
    String hop;

    @Option(names = "--session", paramLabel = "GAP", description = "Session windows.")
    String session;
  }

  /** Exactly one aggregation. */
  static final class AggregateChoice {
    @Option(names = "--count", description = "Count events.")
    boolean count;

    @Option(names = "--sum", paramLabel = "FIELD", description = "Sum a numeric field.")
    String sum;

    @Option(names = "--avg", paramLabel = "FIELD", description = "Average a numeric field.")
    String avg;

    @Option(names = "--min", paramLabel = "FIELD", description = "Smallest value of a field.")
    String min;

    @Option(names = "--max", paramLabel = "FIELD", description = "Largest value of a field.")
    String max;

    @Option(names = "--count-distinct", paramLabel = "FIELD", description = "Distinct values.")
    String countDistinct;

    @Option(
        names = "--approx-count-distinct",
        paramLabel = "FIELD",
        description = "Distinct values, approximately (HyperLogLog).")
    String approxCountDistinct;

    @Option(names = "--top", paramLabel = "FIELD:N", description = "The N greatest values.")
    String top;
  }

  @Override
  public Integer call() {
    ObjectNode body = body();
    Duration wait =
        (timeout == null ? SERVER_DEFAULT_TIMEOUT : Duration.parse(iso("--timeout", timeout)))
            .plus(ANSWER_MARGIN);
    Map<String, String> headers = queryId == null ? Map.of() : Map.of("Kappa-Query-Id", queryId);
    JsonNode answer;
    try (KappaHttpClient http = KappaHttpClient.connect(server, wait)) {
      answer = http.post("/queries", body, headers).orThrow().json();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(answer);
    } else {
      QueryTable.print(out, answer);
    }
    out.flush();
    return 0;
  }

  /** The request body; arguments that do not parse fail here, before the server is called. */
  ObjectNode body() {
    ObjectNode body = JSON.createObjectNode();
    body.put("stream", stream);
    body.put("from", Times.parse(from));
    body.put("to", Times.parse(to));
    if (groupBy != null) {
      body.put("groupBy", groupBy);
    }
    if (window != null) {
      ObjectNode w = body.putObject("window");
      if (window.tumbling != null) {
        w.put("tumbling", iso("--window", window.tumbling));
      } else if (window.hop != null) {
        String[] parts = window.hop.split("/", -1);
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              "--hop must be SIZE/ADVANCE, such as 30m/10m; was '" + window.hop + "'");
        }
        w.putObject("hopping")
            .put("size", iso("--hop", parts[0]))
            .put("advance", iso("--hop", parts[1]));
      } else {
        w.putObject("session").put("gap", iso("--session", window.session));
      }
    }
    body.set("aggregate", aggregate());
    if (where != null) {
      int eq = where.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--where must be FIELD=VALUE; was '" + where + "'");
      }
      body.putObject("where")
          .put("field", where.substring(0, eq))
          .put("equals", where.substring(eq + 1));
    }
    if (readPast != null) {
      body.put("readPast", iso("--read-past", readPast));
    }
    if (maxEvents != null || maxResults != null || timeout != null) {
      ObjectNode limits = body.putObject("limits");
      if (maxEvents != null) {
        limits.put("maxEvents", maxEvents);
      }
      if (maxResults != null) {
        limits.put("maxResults", maxResults);
      }
      if (timeout != null) {
        limits.put("timeout", iso("--timeout", timeout));
      }
    }
    return body;
  }

  private ObjectNode aggregate() {
    ObjectNode a = JSON.createObjectNode();
    AggregateChoice c = aggregate;
    if (c.count) {
      a.putObject("count");
    } else if (c.sum != null) {
      a.put("sum", c.sum);
    } else if (c.avg != null) {
      a.put("avg", c.avg);
    } else if (c.min != null) {
      a.put("min", c.min);
    } else if (c.max != null) {
      a.put("max", c.max);
    } else if (c.countDistinct != null) {
      a.put("countDistinct", c.countDistinct);
    } else if (c.approxCountDistinct != null) {
      a.put("approxCountDistinct", c.approxCountDistinct);
    } else {
      int colon = c.top.lastIndexOf(':');
      int n;
      try {
        n = colon <= 0 ? -1 : Integer.parseInt(c.top.substring(colon + 1));
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1) {
        throw new IllegalArgumentException(
            "--top must be FIELD:N, such as amount:5; was '" + c.top + "'");
      }
      a.putObject("topN").put("field", c.top.substring(0, colon)).put("n", n);
    }
    return a;
  }

  /** A positive duration option as ISO-8601 text, for the request body. */
  private static String iso(String option, String text) {
    return Durations.positive(option, text).toString();
  }
}
