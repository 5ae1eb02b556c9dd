package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kappa query stream} against a server in this JVM: the table and the JSON agree with a
 * count made here from the events sent; bad arguments and server errors exit with their codes. The
 * seed is random per run and printed on failure.
 */
class QueryStreamCommandTest {

  private static final long SEED = new Random().nextLong();
  private static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private KappaServer server;
  private final TreeMap<String, Long> perPageInFirstHour = new TreeMap<>();

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server = KappaServer.start(ServerConfig.builder().dataDir(dir).port(0).build());
    HttpClient http = HttpClient.newHttpClient();
    send(
        http,
        "PUT",
        "/streams/clicks",
        "application/json",
        "{\"partitions\":2,\"schemaless\":true}");
    Random random = new Random(SEED);
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 500; i++) {
      long t = T0 + random.nextInt(2 * 3_600_000);
      String page = "p" + random.nextInt(4);
      if (t < T0 + 3_600_000) {
        perPageInFirstHour.merge(page, 1L, Long::sum);
      }
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"specversion\":\"1.0\",\"id\":\"e")
          .append(i)
          .append("\",\"source\":\"/t\",\"type\":\"click\",\"time\":\"")
          .append(Instant.ofEpochMilli(t))
          .append("\",\"datacontenttype\":\"application/json\",\"data\":{\"page\":\"")
          .append(page)
          .append("\"}}");
    }
    send(http, "POST", "/streams/clicks/events", "application/cloudevents-batch+json", batch + "]");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void table_listsTheCountPerKey() {
    Result r =
        run(
            "clicks",
            "--server",
            server.uri().toString(),
            "--from",
            "2026-12-01T00:00:00Z",
            "--to",
            "2026-12-01T01:00:00Z",
            "--group-by",
            "page",
            "--count",
            "--read-past",
            "2h");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("KEY").contains("VALUE");
    List<String> expected = new ArrayList<>();
    perPageInFirstHour.forEach((page, n) -> expected.add(page + " - - " + n));
    assertThat(
            lines.subList(1, lines.size() - 1).stream().map(l -> l.replaceAll("\\s+", " ").strip()))
        .as("seed " + SEED)
        .containsExactlyElementsOf(expected);
    assertThat(lines.getLast()).contains(perPageInFirstHour.size() + " results");
  }

  @Test
  void json_printsTheServersAnswer_withWindows() throws Exception {
    Result r =
        run(
            "clicks",
            "--server",
            server.uri().toString(),
            "--from",
            Long.toString(T0),
            "--to",
            Long.toString(T0 + 3_600_000),
            "--window",
            "30m",
            "--count",
            "--read-past",
            "PT2H",
            "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode answer = JSON.readTree(r.out());
    long total = perPageInFirstHour.values().stream().mapToLong(Long::longValue).sum();
    long sum = 0;
    for (JsonNode result : answer.get("results")) {
      assertThat(result.get("key").isNull()).isTrue();
      sum += result.get("value").asLong();
    }
    assertThat(answer.get("results")).hasSize(2);
    assertThat(sum).as("seed " + SEED).isEqualTo(total);
  }

  @Test
  void badArguments_andServerErrors_exitWithTheirCodes() {
    String url = server.uri().toString();
    Result noAggregate = run("clicks", "--server", url, "--from", "0", "--to", "1");
    assertThat(noAggregate.exit()).isEqualTo(CliErrors.USAGE);
    Result twoAggregates =
        run("clicks", "--server", url, "--from", "0", "--to", "1", "--count", "--sum", "x");
    assertThat(twoAggregates.exit()).isEqualTo(CliErrors.USAGE);
    Result badHop =
        run("clicks", "--server", url, "--from", "0", "--to", "1", "--count", "--hop", "5m");
    assertThat(badHop.exit()).isEqualTo(CliErrors.USAGE);
    assertThat(badHop.err()).contains("--hop");
    Result backwards = run("clicks", "--server", url, "--from", "10", "--to", "1", "--count");
    assertThat(backwards.exit()).isEqualTo(CliErrors.FAILED);
    assertThat(backwards.err()).contains("must be after");
    Result unknown = run("nope", "--server", url, "--from", "0", "--to", "1", "--count");
    assertThat(unknown.exit()).isEqualTo(CliErrors.FAILED);
    assertThat(unknown.err()).contains("nope");
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new QueryStreamCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          Throwable t = CliErrors.unwrap(e);
          command.getErr().println("kappa: " + CliErrors.message(t));
          return CliErrors.exitCode(t);
        });
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private void send(HttpClient http, String method, String path, String type, String body)
      throws Exception {
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve(path))
                .header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isBetween(200, 201);
  }
}
