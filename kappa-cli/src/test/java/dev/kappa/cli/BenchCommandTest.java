package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @TempDir Path dir;

  @Test
  void benchLog_withTinySettings_printsJsonLinesAndLeavesNothingBehind() throws Exception {
    Cli cli = new Cli(dir.resolve("bench"));

    Cli.Result bench =
        cli.run("bench", "log", "--records", "2000", "--seconds", "1", "--runs", "1");

    assertThat(bench.exitCode()).as(bench.err()).isZero();
    List<String> lines = bench.lines();
    assertThat(lines).hasSize(8);
    assertThat(lines.stream().map(BenchCommandTest::json))
        .allSatisfy(m -> assertThat(m.get("value").asDouble()).isPositive())
        .extracting(m -> m.get("name").asText())
        .contains("log.append.batched", "log.append.single", "log.read.sequential");
    try (Stream<Path> left = Files.list(dir.resolve("bench"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void benchIngest_withTinySettings_printsJsonLinesAndLeavesNothingBehind() throws Exception {
    Cli cli = new Cli(dir.resolve("bench"));

    Cli.Result bench =
        cli.run("bench", "ingest", "--events", "5000", "--seconds", "1", "--runs", "1");

    assertThat(bench.exitCode()).as(bench.err()).isZero();
    assertThat(bench.lines().stream().map(BenchCommandTest::json))
        .allSatisfy(m -> assertThat(m.get("value").asDouble()).isPositive())
        .extracting(m -> m.get("name").asText())
        .containsExactly(
            "ingest.ndjson",
            "ingest.ndjson",
            "ingest.single",
            "ingest.single.p50",
            "ingest.single.p99");
    try (Stream<Path> left = Files.list(dir.resolve("bench"))) {
      assertThat(left).isEmpty();
    }
  }

  private static JsonNode json(String s) {
    try {
      return new ObjectMapper().readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
