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

/**
 * A smoke test only: the serve benchmark runs with tiny settings and prints well-formed results.
 */
class ServeBenchmarkTest {

  @TempDir Path dir;

  @Test
  void run_withTinySettings_printsEveryMeasurementAndCleansUp() throws Exception {
    ServeBenchmark.Settings settings =
        ServeBenchmark.Settings.defaults()
            .withDirectory(dir)
            .withSeconds(1, 1)
            .withRate(1_000)
            .withClients(2)
            .withLookupRate(500)
            .withPreload(2_000)
            .withOnDemand(20_000, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    List<Measurement> returned =
        new ServeBenchmark(settings).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<JsonNode> lines = Printed.lines(bytes);
    assertThat(lines)
        .extracting(n -> n.get("name").asText() + " " + n.get("unit").asText())
        .containsExactly(
            "serve.lookup.queriesPerSecond queries/s",
            "serve.lookup.latency.p50 ms",
            "serve.lookup.latency.p99 ms",
            "serve.lookup.latency.max ms",
            "serve.lookup.failedQueries queries",
            "serve.lookup.ingest.eventsPerSecond events/s",
            "serve.lookup.paced.queriesPerSecond queries/s",
            "serve.lookup.paced.latency.p50 ms",
            "serve.lookup.paced.latency.p99 ms",
            "serve.lookup.paced.latency.max ms",
            "serve.lookup.paced.failedQueries queries",
            "serve.lookup.paced.ingest.eventsPerSecond events/s",
            "serve.onDemand.eventsPerSecond events/s");
    assertThat(lines.get(0).get("value").asDouble()).isPositive();
    assertThat(lines.get(0).get("keys").asInt()).isPositive().isLessThanOrEqualTo(2_000);
    assertThat(lines.get(4).get("value").asDouble()).isZero();
    assertThat(lines.get(5).get("value").asDouble()).isPositive();
    // Ingest lingers: one request per tick at most, not one per acknowledgement.
    assertThat(lines.get(5).get("ingestRequestsPerSecond").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(1.2 * 1000 / lines.get(5).get("ingestBatchMs").asDouble());
    // Paced: the queries due in the measured second are answered, about the rate offered.
    assertThat(lines.get(6).get("value").asDouble()).isBetween(350.0, 650.0);
    assertThat(lines.get(6).get("offeredQueriesPerSecond").asInt()).isEqualTo(500);
    assertThat(lines.get(7).get("value").asDouble())
        .isLessThanOrEqualTo(lines.get(8).get("value").asDouble());
    assertThat(lines.get(10).get("value").asDouble()).isZero();
    assertThat(lines.get(12).get("value").asDouble()).isPositive();
    assertThat(returned).hasSize(lines.size());
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
