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

/** A smoke test only: the benchmark runs with tiny sizes and prints well-formed results. */
class LogBenchmarkTest {

  @TempDir Path dir;

  @Test
  void run_withTinySettings_printsOneJsonLinePerMeasurementAndCleansUp() throws Exception {
    LogBenchmark.Settings settings =
        LogBenchmark.Settings.defaults()
            .withDirectory(dir)
            .withRecords(3000)
            .withDuration(Duration.ofSeconds(2))
            .withRuns(2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    List<Measurement> returned =
        new LogBenchmark(settings).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      assertThat(line).as("plain decimals").doesNotContainPattern("\"value\":[-0-9.]+E");
      lines.add(mapper.readTree(line));
    }
    assertThat(lines)
        .extracting(n -> n.get("name").asText() + " " + n.get("unit").asText())
        .containsExactly(
            "log.append.batched records/s",
            "log.append.batched MB/s",
            "log.append.batched records/s",
            "log.append.batched MB/s",
            "log.append.single records/s",
            "log.append.single records/s",
            "log.read.sequential records/s",
            "log.read.sequential MB/s");
    assertThat(lines).allSatisfy(n -> assertThat(n.get("value").asDouble()).isPositive());
    assertThat(lines).allSatisfy(n -> assertThat(n.get("runs").asInt()).isEqualTo(2));
    assertThat(lines).allSatisfy(n -> assertThat(n.get("recordBytes").asInt()).isEqualTo(100));
    assertThat(lines).allSatisfy(n -> assertThat(n.get("records").asLong()).isPositive());
    assertThat(lines)
        .extracting(n -> n.path("appenders").asInt())
        .containsExactly(1, 1, 8, 8, 1, 8, 0, 0);
    assertThat(returned).hasSize(lines.size());
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("benchmark directories left behind").isEmpty();
    }
  }

  @Test
  void run_readMeasurement_readsEveryRecordItWrote() throws Exception {
    LogBenchmark.Settings settings =
        LogBenchmark.Settings.defaults()
            .withDirectory(dir)
            .withRecords(2500)
            .withDuration(Duration.ofSeconds(5))
            .withRuns(1);

    List<Measurement> results =
        new LogBenchmark(settings).run(new PrintStream(new ByteArrayOutputStream()));

    Measurement read =
        results.stream().filter(m -> m.name().equals("log.read.sequential")).findFirst().get();
    // Batches are whole, so the partition holds the cap rounded up to a batch of 1000.
    assertThat(read.context().get("partitionRecords")).isEqualTo(3000L);
    assertThat((Long) read.context().get("records") % 3000).isZero();
  }
}
