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

/** A smoke test only: the replay benchmark runs with tiny sizes and prints well-formed results. */
class ReplayBenchmarkTest {

  @TempDir Path dir;

  @Test
  void run_withTinySettings_printsEveryMeasurementAndCleansUp() throws Exception {
    ReplayBenchmark.Settings settings =
        ReplayBenchmark.Settings.defaults()
            .withDirectory(dir)
            .withEvents(5_000)
            .withRuns(1)
            .withLive(1_000, 1)
            .withClicks(10_000)
            .withQueryThreads(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    List<Measurement> returned =
        new ReplayBenchmark(settings).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<JsonNode> lines = Printed.lines(bytes);
    assertThat(lines)
        .extracting(n -> n.get("name").asText() + " " + n.get("unit").asText())
        .containsExactly(
            "replay.q7.eventsPerSecond events/s",
            "replay.q5.eventsPerSecond events/s",
            "replay.live.latency.p50 ms",
            "replay.live.latency.p99 ms",
            "replay.live.latency.max ms",
            "replay.cutover.pause ms",
            "replay.cutover.query.p99 ms",
            "replay.cutover.failedQueries queries",
            "replay.cutover.replaySeconds s");
    assertThat(lines.subList(0, 2))
        .allSatisfy(n -> assertThat(n.get("value").asDouble()).isPositive())
        .allSatisfy(n -> assertThat(n.get("events").asLong()).isEqualTo(5_000));
    assertThat(lines.get(2).get("samples").asInt()).isGreaterThanOrEqualTo(1_000);
    assertThat(lines.get(5).get("clicks").asLong()).isEqualTo(10_000);
    assertThat(lines.get(5).get("queries").asLong()).isPositive();
    // The queries in flight at the switch are among those within the window round it.
    assertThat(lines.get(5).get("value").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(lines.get(5).get("longestWithinWindowMedianMs").asDouble());
    assertThat(returned).hasSize(lines.size());
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
