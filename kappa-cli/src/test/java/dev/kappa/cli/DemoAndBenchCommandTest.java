package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAndBenchCommandTest {

  @TempDir Path dir;

  @Test
  void demo_writesTheClickstreamAndReadsEveryEventBack() {
    Cli cli = new Cli(dir.resolve("data"));

    Cli.Result demo = cli.run("demo", "--events", "700");
    Cli.Result read = cli.run("read", "clicks", "--format", "json");

    assertThat(demo.exitCode()).isZero();
    assertThat(demo.out())
        .contains("wrote 700 click events")
        .contains("read back 700 events")
        .contains("events per page:")
        .contains("view page-views-per-minute@1 (live)")
        .contains("from 700 events")
        .contains("identical to live: yes")
        .contains("server --example-views");
    assertThat(read.lines()).hasSize(700);
    // Keyed by user: the key is the event's user, and each user lives in one partition.
    Map<String, Integer> partitionOfUser = new HashMap<>();
    for (String line : read.lines()) {
      JsonNode r = json(line);
      String user = json(r.get("value").asText()).get("user").asText();
      assertThat(r.get("key").asText()).isEqualTo(user);
      int partition = r.get("partition").asInt();
      assertThat(partitionOfUser.putIfAbsent(user, partition)).isIn(null, partition);
    }
  }

  @Test
  void demo_twiceInOneDirectory_failsAndPointsToAFreshDirectory() {
    Cli cli = new Cli(dir.resolve("data"));
    cli.run("demo", "--events", "10");

    Cli.Result again = cli.run("demo", "--events", "10");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already exists").contains("fresh --data directory");
  }

  @Test
  void benchLog_withTinySettings_printsJsonLinesAndLeavesNothingBehind() throws Exception {
    Cli cli = new Cli(dir.resolve("bench"));

    Cli.Result bench =
        cli.run("bench", "log", "--records", "2000", "--seconds", "1", "--runs", "1");

    assertThat(bench.exitCode()).as(bench.err()).isZero();
    List<String> lines = bench.lines();
    assertThat(lines).hasSize(8);
    assertThat(lines.stream().map(DemoAndBenchCommandTest::json))
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
    assertThat(bench.lines().stream().map(DemoAndBenchCommandTest::json))
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
