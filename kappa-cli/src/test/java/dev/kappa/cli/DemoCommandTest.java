package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import dev.kappa.server.ViewSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path dir;

  @Test
  @Timeout(90)
  void boundedDemo_cutsOverToVersion2WhileQueriesKeepAnswering() throws Exception {
    Path data = dir.resolve("data");
    Cli cli = new Cli(data);

    Cli.Result demo =
        cli.run("demo", "--rate", "500", "--deploy-after", "3", "--duration", "6", "--port", "0");

    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out())
        .contains("version 1 serves")
        .contains("curl '")
        .contains("./kappa view status page-views-per-minute --server http://127.0.0.1:")
        .containsPattern(
            "queries kept answering: [0-9,]+ answers .*, 0 errors, versions seen 1 → 2")
        .contains("cutover: version 2 serves")
        .contains("kappa demo stopped");
    // The late count is the serving build's answer to GET /views/page-views-per-minute/late.
    Matcher late = Pattern.compile("version 2 left ([0-9,]+) late clicks out").matcher(demo.out());
    assertThat(late.find()).as(demo.out()).isTrue();
    assertThat(Long.parseLong(late.group(1).replace(",", ""))).isPositive();
    // What the demo claims, checked against the data it left: serve it again and ask.
    try (KappaServer server =
            KappaServer.start(
                ServerConfig.builder()
                    .dataDir(data)
                    .port(0)
                    .views(new ViewSettings(null, List.of(), true, 1))
                    .build());
        HttpClient http = HttpClient.newHttpClient()) {
      JsonNode view = get(http, server.uri(), "/views/page-views-per-minute");
      assertThat(view.get("servingVersion").asInt()).isEqualTo(2);
      List<String> actions = new ArrayList<>();
      get(http, server.uri(), "/views/page-views-per-minute/history")
          .get("events")
          .forEach(e -> actions.add(e.get("action").asText() + " " + e.get("version").asInt()));
      assertThat(actions).containsSubsequence("DEPLOY 1", "DEPLOY 2", "PROMOTE 2");
      JsonNode deadLetters = get(http, server.uri(), "/streams/clicks.deadletter");
      assertThat(deadLetters.get("recordCount").asLong())
          .as(deadLetters + "\n" + demo.out())
          .isPositive();
    }
  }

  private static JsonNode get(HttpClient http, URI base, String path) throws Exception {
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(path + ": " + reply.body()).isEqualTo(200);
    return new ObjectMapper().readTree(reply.body());
  }
}
