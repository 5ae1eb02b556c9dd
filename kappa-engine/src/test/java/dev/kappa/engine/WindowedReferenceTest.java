package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every window shape (none, tumbling, hopping, session) with every built-in aggregation, over
 * seeded random input in three partitions with out-of-order and late events, against {@link
 * Reference}: the view's results, its late output (every late record, nothing else) and its
 * progress (processed = counted + late + errors).
 */
class WindowedReferenceTest {

  private static final long LATENESS_MS = 500;

  static Stream<Arguments> cases() {
    return Stream.of(TestViews.windows())
        .flatMap(
            w ->
                AggregationCase.all().stream()
                    .flatMap(
                        a ->
                            Seeds.seeds()
                                .limit(2)
                                .mapToObj(seed -> Arguments.of(TestViews.name(w), w, a, seed))));
  }

  @ParameterizedTest(name = "{0} {2} seed {3}")
  @MethodSource("cases")
  void aggregate_overRandomInputWithLateEvents_matchesReference(
      String windowName, WindowSpec window, AggregationCase aggregation, long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 3, 400, 0.1, 2_000, seed % 2 == 0 ? 1 : 50);
    View.Builder builder =
        View.named("ref-" + windowName).allowedLateness(Duration.ofMillis(LATENESS_MS));
    View<String, ?> view = TestViews.of(builder, window, aggregation.aggregation());

    Feed.Observed<?> observed = Feed.run(view, inputs, random, 0.01);

    Reference.Outcome expected = Reference.compute(inputs, window, LATENESS_MS, i -> false);
    if (window != null) { // unwindowed views have no late events
      assertThat(expected.late()).as("seed %d: the input has late events", seed).isNotEmpty();
    }
    Expectations.assertMatches(observed, expected, aggregation, Long.MAX_VALUE, seed);
  }

  @ParameterizedTest(name = "{0} seed {3}")
  @MethodSource("countCases")
  void count_overAllWindows_accountsForEveryRecord(
      String windowName, WindowSpec window, AggregationCase count, long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 4, 300, 0.15, 3_000, 50);
    View.Builder builder =
        View.named("count-" + windowName).allowedLateness(Duration.ofMillis(LATENESS_MS));
    View<String, ?> view = TestViews.of(builder, window, Aggregations.count());

    Feed.Observed<?> observed = Feed.run(view, inputs, random, 0.05);

    long counted = observed.results().stream().mapToLong(r -> (Long) r.value()).sum();
    ViewProgress progress = observed.progress();
    assertThat(counted + progress.late() + progress.errors())
        .as("seed %d: counted + late + errors", seed)
        .isEqualTo(progress.processed())
        .isEqualTo(1_200);
    assertThat(observed.late()).as("seed %d", seed).hasSize((int) progress.late());
  }

  static Stream<Arguments> countCases() {
    AggregationCase count = AggregationCase.all().getFirst();
    return Stream.of(TestViews.windows())
        .filter(w -> !(w instanceof WindowSpec.Hopping)) // hopping counts an event per window
        .flatMap(w -> Seeds.seeds().mapToObj(s -> Arguments.of(TestViews.name(w), w, count, s)));
  }
}
