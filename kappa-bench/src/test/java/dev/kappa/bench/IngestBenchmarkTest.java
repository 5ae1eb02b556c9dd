package dev.kappa.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test only: the ingest benchmark runs with tiny sizes and prints well-formed results. */
class IngestBenchmarkTest {

  @TempDir Path dir;

  @Test
  void run_withTinySettings_printsEachMeasurementAsAJsonLineAndCleansUp() throws Exception {
    IngestBenchmark.Settings settings =
        IngestBenchmark.Settings.defaults()
            .withDirectory(dir)
            .withEvents(5000)
            .withDuration(Duration.ofSeconds(2))
            .withRuns(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    List<Measurement> returned =
        new IngestBenchmark(settings).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      assertThat(line).as("plain decimals").doesNotContainPattern("\"value\":[-0-9.]+E");
      lines.add(mapper.readTree(line));
    }
    assertThat(lines)
        .extracting(n -> n.get("name").asText() + " " + n.get("unit").asText())
        .containsExactly(
            "ingest.ndjson events/s",
            "ingest.ndjson MB/s",
            "ingest.single requests/s",
            "ingest.single.p50 ms",
            "ingest.single.p99 ms");
    assertThat(lines).allSatisfy(n -> assertThat(n.get("value").asDouble()).isPositive());
    assertThat(lines).allSatisfy(n -> assertThat(n.get("runs").asInt()).isEqualTo(1));
    assertThat(lines).allSatisfy(n -> assertThat(n.get("partitions").asInt()).isEqualTo(4));
    assertThat(lines).allSatisfy(n -> assertThat(n.get("eventBytes").asInt()).isBetween(80, 120));
    // Four clients, each sending whole batches of 5000 until its share (at least one batch).
    assertThat(lines.get(0).get("events").asLong()).isEqualTo(4 * 5000);
    assertThat(lines.get(3).get("value").asDouble())
        .isLessThanOrEqualTo(lines.get(4).get("value").asDouble());
    assertThat(returned).hasSize(lines.size());
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("benchmark directories left behind").isEmpty();
    }
  }
}
