package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closed-window retention: a window whose end plus the retention is at or before the global
 * watermark is gone from state; every other window is kept, with the same result as without
 * retention. Checked against {@link Reference} with random commit points.
 */
class ClosedWindowRetentionTest {

  private static final long LATENESS_MS = 300;
  private static final long RETENTION_MS = 1_500;

  static Stream<Arguments> cases() {
    return Stream.of(TestViews.windows())
        .filter(w -> w != null)
        .flatMap(w -> Seeds.seeds().mapToObj(s -> Arguments.of(TestViews.name(w), w, s)));
  }

  @ParameterizedTest(name = "{0} seed {2}")
  @MethodSource("cases")
  void retention_dropsWindowsEndingRetentionBeforeTheWatermark(
      String windowName, WindowSpec window, long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 3, 300, 0.1, 1_000, 50);
    AggregationCase sum = AggregationCase.all().get(1);
    View<String, ?> view =
        TestViews.of(
            View.named("retained-" + windowName)
                .allowedLateness(Duration.ofMillis(LATENESS_MS))
                .closedWindowRetention(Duration.ofMillis(RETENTION_MS)),
            window,
            sum.aggregation());

    Feed.Observed<?> observed = Feed.run(view, inputs, random, 0.02);

    Reference.Outcome expected = Reference.compute(inputs, window, LATENESS_MS, i -> false);
    assertThat(expected.results(sum.reference(), RETENTION_MS))
        .as("seed %d: retention drops some windows", seed)
        .hasSizeLessThan(expected.results(sum.reference(), Long.MAX_VALUE).size());
    Expectations.assertMatches(observed, expected, sum, RETENTION_MS, seed);
  }

  /**
   * A key whose sessions closed long ago, and which gets no more events, loses them once other keys
   * move the watermark on.
   */
  @Test
  void retention_dropsExpiredSessionsOfKeysWithoutNewEvents() {
    View<String, Long> view =
        TestViews.of(
            View.named("sessions").closedWindowRetention(Duration.ofMillis(100)),
            new WindowSpec.Session(10),
            Aggregations.count());
    ViewProcessor<String, Long> processor = ViewProcessor.inMemory(view, Map.of(Input.STREAM, 1));
    processor.process(Input.STREAM, input(0, 1_000, "old"));
    processor.commit();
    processor.process(Input.STREAM, input(1, 5_000, "new"));

    assertThat(processor.state().scan(10))
        .containsExactly(new WindowResult<>("new", new Window(5_000, 5_010), 1L, false));
  }

  private static dev.kappa.log.LogRecord input(long offset, long time, String key) {
    return new Input(0, offset, time, new Payload(key, 1, 1.0, "i"), null).toRecord();
  }
}
