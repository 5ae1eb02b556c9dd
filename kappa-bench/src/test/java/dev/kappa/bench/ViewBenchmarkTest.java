package dev.kappa.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test only: the views benchmark runs with tiny sizes and prints well-formed results. */
class ViewBenchmarkTest {

  @TempDir Path dir;

  @Test
  void run_withTinySettings_printsEveryMeasurementAndCleansUp() throws Exception {
    ViewBenchmark.Settings settings =
        ViewBenchmark.Settings.defaults()
            .withDirectory(dir)
            .withEvents(5_000)
            .withDistinctKeys(500)
            .withRuns(1)
            .withLive(1_000, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    List<Measurement> returned =
        new ViewBenchmark(settings).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<JsonNode> lines = Printed.lines(bytes);
    assertThat(lines)
        .extracting(n -> n.get("name").asText() + " " + n.get("unit").asText())
        .containsExactly(
            "views.replay.q7 events/s",
            "views.replay.q5 events/s",
            "views.replay.distinct-keys events/s",
            "views.replay.distinct-keys.heap GiB",
            "views.live.latency.p50 ms",
            "views.live.latency.p99 ms");
    assertThat(lines.subList(0, 3))
        .allSatisfy(n -> assertThat(n.get("value").asDouble()).isPositive())
        .allSatisfy(n -> assertThat(n.get("events").asLong()).isEqualTo(5_000));
    assertThat(lines.getLast().get("samples").asInt()).isEqualTo(1_000);
    assertThat(returned).hasSize(lines.size());
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
