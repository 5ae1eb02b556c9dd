package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks what a view shows against a {@link Reference.Outcome}: results, the late and error outputs
 * (reasons are for people, so only their presence is checked here), and progress. Every failure
 * message names the seed. Stateless.
 */
final class Expectations {

  private Expectations() {}

  static void assertMatches(
      Feed.Observed<?> observed,
      Reference.Outcome expected,
      AggregationCase aggregation,
      long retentionMs,
      long seed) {
    List<WindowResult<String, Object>> want =
        expected.results(aggregation.reference(), retentionMs);
    if (aggregation.approximate()) {
      assertApproximately(observed.results(), want, seed);
    } else {
      assertThat(observed.results()).as("seed %d: results", seed).isEqualTo(want);
    }
    assertSideOutputsAndProgress(observed, expected, seed);
  }

  /** Late and error outputs hold exactly the expected records, and progress counts them. */
  static void assertSideOutputsAndProgress(
      Feed.Observed<?> observed, Reference.Outcome expected, long seed) {
    assertThat(withoutReasons(observed.late()))
        .as("seed %d: late output", seed)
        .isEqualTo(sideOutputs(SideOutput.Kind.LATE, expected.late()));
    assertThat(withoutReasons(observed.errors()))
        .as("seed %d: error output", seed)
        .isEqualTo(sideOutputs(SideOutput.Kind.ERROR, expected.errors()));
    List<SideOutput> all = new ArrayList<>(observed.late());
    all.addAll(observed.errors());
    assertThat(all)
        .as("seed %d: reasons", seed)
        .allSatisfy(s -> assertThat(s.reason()).isNotBlank());
    ViewProgress progress = observed.progress();
    assertThat(progress.processed()).as("seed %d: processed", seed).isEqualTo(expected.processed());
    assertThat(progress.late()).as("seed %d: late", seed).isEqualTo(expected.late().size());
    assertThat(progress.errors()).as("seed %d: errors", seed).isEqualTo(expected.errors().size());
    assertThat(progress.watermark()).as("seed %d: watermark", seed).isEqualTo(expected.watermark());
    List<PartitionProgress> partitions = new ArrayList<>();
    for (int p = 0; p < expected.maxTime().length; p++) {
      partitions.add(
          new PartitionProgress(Input.STREAM, p, expected.nextOffset()[p], expected.maxTime()[p]));
    }
    assertThat(progress.partitions()).as("seed %d: partitions", seed).isEqualTo(partitions);
  }

  private static List<SideOutput> withoutReasons(List<SideOutput> outputs) {
    return outputs.stream()
        .map(
            s -> new SideOutput(s.kind(), s.stream(), s.partition(), s.offset(), s.eventTime(), ""))
        .toList();
  }

  private static List<SideOutput> sideOutputs(SideOutput.Kind kind, List<Input> inputs) {
    return inputs.stream()
        .sorted(Comparator.comparingInt(Input::partition).thenComparingLong(Input::offset))
        .map(i -> new SideOutput(kind, Input.STREAM, i.partition(), i.offset(), i.time(), ""))
        .toList();
  }

  /** Same keys, windows and closed flags; each distinct count within the tolerance. */
  private static void assertApproximately(
      List<? extends WindowResult<String, ?>> actual,
      List<WindowResult<String, Object>> expected,
      long seed) {
    assertThat(actual).as("seed %d: result count", seed).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      WindowResult<String, ?> a = actual.get(i);
      WindowResult<String, Object> e = expected.get(i);
      assertThat(List.of(a.key(), a.window(), a.closed()))
          .as("seed %d: result %d", seed, i)
          .isEqualTo(List.of(e.key(), e.window(), e.closed()));
      long exact = (Long) e.value();
      long tolerance = AggregationCase.tolerance(exact);
      assertThat((Long) a.value())
          .as("seed %d: estimate for %s", seed, e)
          .isBetween(exact - tolerance, exact + tolerance);
    }
  }
}
