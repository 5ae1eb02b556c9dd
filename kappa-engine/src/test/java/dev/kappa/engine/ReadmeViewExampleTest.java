package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's view example runs, and the README shows exactly the code run here. */
class ReadmeViewExampleTest {

  @TempDir Path dir;

  private static final String EXAMPLE =
      """
      View<String, Long> pageViews =
          View.named("page-views").version(1)
              .allowedLateness(Duration.ofSeconds(5))
              .from("clicks", Decoders.json())
              .filter(click -> click.hasNonNull("page"))
              .keyBy(click -> click.get("page").asText(), Serdes.string())
              .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
              .aggregate(Aggregations.count());

      try (ViewEngine engine = ViewEngine.builder(log, Path.of("data/views")).build()) {
        RunningView<String, Long> running = engine.start(pageViews);
        running.awaitCommitted("clicks", 0, lastOffset).join();   // read your writes
        running.state().windows("/home");                        // one result per window
      }
      """;

  @Test
  void readme_showsTheExampleThatRunsHere() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains("```java\n" + EXAMPLE + "```");
  }

  @Test
  void example_countsPageViewsPerMinute() {
    try (Log log = EmbeddedLog.open(dir.resolve("data"))) {
      log.createStream(StreamConfig.of("clicks", 1));
      long lastOffset =
          log.append(
                  "clicks",
                  0,
                  List.of(
                      click("/home", 1_000),
                      click("/home", 59_000),
                      click("/cart", 61_000),
                      click("/home", 61_500),
                      new NewRecord(null, "{}".getBytes(StandardCharsets.UTF_8), List.of(), 2_000)))
              .join()
              .lastOffset();
      // The example, with "data/views" in the temporary directory and the results kept.
      View<String, Long> pageViews =
          View.named("page-views")
              .version(1)
              .allowedLateness(Duration.ofSeconds(5))
              .from("clicks", Decoders.json())
              .filter((JsonNode click) -> click.hasNonNull("page"))
              .keyBy(click -> click.get("page").asText(), Serdes.string())
              .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
              .aggregate(Aggregations.count());
      List<WindowResult<String, Long>> home;
      try (ViewEngine engine = ViewEngine.builder(log, dir.resolve("data/views")).build()) {
        RunningView<String, Long> running = engine.start(pageViews);
        running.awaitCommitted("clicks", 0, lastOffset).join();
        home = running.state().windows("/home");
      }
      assertThat(home)
          .containsExactly(
              new WindowResult<>("/home", new Window(0, 60_000), 2L, false),
              new WindowResult<>("/home", new Window(60_000, 120_000), 1L, false));
    }
  }

  private static NewRecord click(String page, long time) {
    byte[] value = ("{\"page\":\"" + page + "\"}").getBytes(StandardCharsets.UTF_8);
    return new NewRecord(null, value, List.of(), time);
  }
}
