package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same records of four partitions, fed in different random interleavings (each partition's
 * order kept) and committed at different random points, give identical results, side outputs and
 * progress. The aggregations are the order-sensitive ones: double sums and averages over values of
 * many magnitudes, "latest" with equal event times, top-N with tied scores, distinct counts. The
 * view also rejects some records and keeps closed windows only for a while.
 */
class DeterminismTest {

  private static final int RUNS = 5;

  static Stream<Arguments> cases() {
    List<AggregationCase> aggregations =
        List.of(
            AggregationCase.all().get(2), // sumDouble
            AggregationCase.all().get(7), // avg
            AggregationCase.all().get(9), // approxCountDistinct
            AggregationCase.all().get(10), // latest
            new AggregationCase(
                "topN-ties",
                Aggregations.topN(4, p -> p.amount() % 3, Payload::item, Serdes.string()),
                es -> null,
                false));
    return Stream.of(TestViews.windows())
        .flatMap(
            w ->
                aggregations.stream()
                    .flatMap(
                        a ->
                            Seeds.seeds()
                                .limit(2)
                                .mapToObj(s -> Arguments.of(TestViews.name(w), w, a, s))));
  }

  @ParameterizedTest(name = "{0} {2} seed {3}")
  @MethodSource("cases")
  void randomInterleavingsAndCommitPoints_giveIdenticalState(
      String windowName, WindowSpec window, AggregationCase aggregation, long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = withRareKeys(Input.generate(random, 4, 300, 0.1, 1_500, 50), random);
    View<String, ?> view =
        TestViews.of(
            View.named("det-" + windowName)
                .allowedLateness(Duration.ofMillis(200))
                .closedWindowRetention(Duration.ofMillis(3_000)),
            DeterminismTest::parseRejectingItem13,
            window,
            aggregation.aggregation());

    Feed.Observed<?> first = Feed.run(view, inputs, new Random(random.nextLong()), 0);
    for (int run = 1; run < RUNS; run++) {
      long runSeed = random.nextLong();
      double commitChance = List.of(0.001, 0.05, 0.3, 1.0).get(run - 1);
      Feed.Observed<?> again = Feed.run(view, inputs, new Random(runSeed), commitChance);
      assertThat(again)
          .as("seed %d, run %d (run seed %d, commit chance %s)", seed, run, runSeed, commitChance)
          .isEqualTo(first);
    }
    assertThat(first.errors()).as("seed %d: some records rejected", seed).isNotEmpty();
    assertThat(first.results()).as("seed %d: some results", seed).isNotEmpty();
  }

  /**
   * The inputs are hard enough: summing their doubles naively in two interleavings gives different
   * totals for some key, so an engine that summed naively would fail the test above.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void naiveDoubleSums_dependOnInterleaving(long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 4, 300, 0.1, 1_500, 50);
    assertThat(naiveSums(Feed.interleave(inputs, new Random(seed + 1))))
        .as("seed %d", seed)
        .isNotEqualTo(naiveSums(Feed.interleave(inputs, new Random(seed + 2))));
  }

  /**
   * Gives one record in ten one of 60 rare keys, which see few events: whether their old windows
   * are still there must not depend on where commits fell.
   */
  private static List<List<Input>> withRareKeys(List<List<Input>> inputs, Random random) {
    return inputs.stream()
        .map(
            partition ->
                partition.stream()
                    .map(
                        i -> {
                          if (random.nextInt(10) != 0) {
                            return i;
                          }
                          Payload p = i.payload();
                          Payload rare =
                              new Payload("r" + random.nextInt(60), p.amount(), p.real(), p.item());
                          return new Input(i.partition(), i.offset(), i.time(), rare, null);
                        })
                    .toList())
        .toList();
  }

  private static Map<String, Double> naiveSums(List<Input> order) {
    Map<String, Double> sums = new TreeMap<>();
    order.forEach(i -> sums.merge(i.payload().key(), i.payload().real(), Double::sum));
    return sums;
  }

  private static Payload parseRejectingItem13(String text) {
    Payload payload = Payload.parse(text);
    if (payload.item().equals("i13")) {
      throw new IllegalStateException("item 13 is rejected");
    }
    return payload;
  }
}
