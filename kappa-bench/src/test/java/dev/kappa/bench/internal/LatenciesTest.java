package dev.kappa.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentile_ofOneToHundred_isTheNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }

    assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50);
    assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99);
    assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100);
    assertThat(Latencies.percentile(sorted, 0.5)).isEqualTo(1);
  }

  @Test
  void percentile_ofFewSamples_roundsTheRankUp() {
    long[] sorted = {10, 20, 30};

    assertThat(Latencies.percentile(sorted, 50)).isEqualTo(20); // rank ceil(1.5) = 2
    assertThat(Latencies.percentile(sorted, 99)).isEqualTo(30);
    assertThat(Latencies.percentile(new long[] {7}, 50)).isEqualTo(7);
  }

  @Test
  void sorted_mergesEveryThreadsSamplesInOrder() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<Long> all = new ArrayList<>();
    List<Latencies> threads = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      Latencies l = new Latencies();
      for (int i = random.nextInt(3000); i > 0; i--) {
        long v = random.nextInt(1_000_000);
        l.add(v);
        all.add(v);
      }
      threads.add(l);
    }
    Collections.sort(all);

    long[] merged = Latencies.sorted(threads);

    assertThat(merged)
        .as("seed %d", seed)
        .containsExactly(all.stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void percentile_withoutSamplesOrOutOfRange_fails() {
    assertThatThrownBy(() -> Latencies.percentile(new long[0], 50)).hasMessage("no samples");
    assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0))
        .hasMessageContaining("(0, 100]");
  }
}
