package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kappa query view} against a running {@code kappa server --example-views}: the table and
 * {@code --json} answers equal counts worked out here from the events sent, reading the events'
 * position first; the server's errors exit 1 with its message.
 */
class QueryCommandTest {

  private static final String VIEW = "page-views-per-minute";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Cli cli;
  private Cli.Running server;
  private String url;
  private long seed;

  @BeforeEach
  void start() {
    cli = new Cli(dir.resolve("data"));
    server = cli.start("server", "--port", "0", "--example-views");
    url = server.awaitListening();
    seed = Long.getLong("kappa.seed", System.nanoTime());
    System.out.println("QueryCommandTest seed " + seed);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.stop();
  }

  @Test
  void queryView_followsCursors_andCountsLikeTheEventsSent() throws Exception {
    Cli.Result created =
        cli.run("stream", "create", "clicks", "--partitions", "2", "--schemaless", "--server", url);
    assertThat(created.exitCode()).as(created.err()).isZero();
    Random random = new Random(seed);
    Map<String, Long> expected = new TreeMap<>();
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String page = "/p" + random.nextInt(4);
      expected.merge(page, 1L, Long::sum);
      events
          .append("{\"user\":\"u")
          .append(i)
          .append("\",\"page\":\"")
          .append(page)
          .append("\"}\n");
    }
    String position = ingest(events.toString());

    Cli.Result table =
        cli.run(
            "query",
            "view",
            VIEW,
            "--prefix",
            "/p",
            "--limit",
            "1",
            "--all",
            "--position",
            position,
            "--server",
            url);
    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> lines = table.lines();
    assertThat(lines.getFirst().split("\\s{2,}"))
        .containsExactly("KEY", "WINDOW START", "WINDOW END", "CLOSED", "VALUE");
    Map<String, Long> counted = new TreeMap<>();
    for (String line : lines.subList(1, lines.size() - 1)) {
      String[] cells = line.split("\\s+");
      counted.merge(cells[0], Long.parseLong(cells[4]), Long::sum);
    }
    assertThat(counted).as("seed " + seed + ": " + table.out()).isEqualTo(expected);
    assertThat(lines.getLast()).startsWith("view " + VIEW + " version 1 build 1; position ");

    String key = expected.keySet().iterator().next();
    Cli.Result json = cli.run("query", "view", VIEW, "--key", key, "--json", "--server", url);
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode answer = JSON.readTree(json.out());
    long sum = 0;
    for (JsonNode r : answer.get("results")) {
      assertThat(r.get("key").asText()).isEqualTo(key);
      sum += r.get("value").asLong();
    }
    assertThat(sum).isEqualTo(expected.get(key));
  }

  @Test
  void queryView_serverErrors_exitOneWithTheServersMessage() {
    ViewCommandTest.ingestClicks(cli, url, 3);
    Cli.Result unknown = cli.run("query", "view", "nope", "--key", "a", "--server", url);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no view is named 'nope'");
    Cli.Result conflicting =
        cli.run("query", "view", VIEW, "--key", "a", "--top", "3", "--server", url);
    assertThat(conflicting.exitCode()).isEqualTo(1);
    assertThat(conflicting.err()).contains("one query shape");
    Cli.Result range =
        cli.run("query", "view", VIEW, "--from", "/zz", "--to", "/a", "--server", url);
    assertThat(range.exitCode()).isEqualTo(1);
    assertThat(range.err()).contains("lies after");
  }

  private String ingest(String ndjson) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> reply =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/streams/clicks/events"))
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
      return JSON.readTree(reply.body()).get("position").asText();
    }
  }
}
