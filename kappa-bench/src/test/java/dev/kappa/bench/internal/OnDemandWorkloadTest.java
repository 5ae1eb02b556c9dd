package dev.kappa.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.bench.Measurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test with tiny settings: the on-demand workload measures a positive rate over every event
 * and cleans up. {@code -Dkappa.bench.onDemand.events=10000000} runs it at full size.
 */
class OnDemandWorkloadTest {

  @TempDir Path dir;

  @Test
  void measure_withTinySettings_scansEveryEventAndCleansUp() throws Exception {
    long events = Long.getLong("kappa.bench.onDemand.events", 20_000);
    int runs = Integer.getInteger("kappa.bench.onDemand.runs", 1);

    Measurement m = OnDemandWorkload.measure(dir, events, 4, runs);

    System.out.println(m.toFields());
    assertThat(m.name()).isEqualTo("serve.onDemand.eventsPerSecond");
    assertThat(m.unit()).isEqualTo("events/s");
    assertThat(m.value()).isPositive();
    assertThat(m.context()).containsEntry("events", events).containsEntry("partitions", 4);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
