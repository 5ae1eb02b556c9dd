package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.AppendResult;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link ViewEngine} over a real {@link dev.kappa.log.EmbeddedLog} with state in RocksDB: views
 * follow live appends, their state equals a reference fold over what the log holds, and restarts
 * and new versions neither lose nor double-count a record.
 */
class ViewEngineTest {

  private static final String STREAM = Input.STREAM;
  private static final long LATENESS_MS = 300;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final EngineHarness harness = new EngineHarness();

  static Stream<Long> seeds() {
    return Seeds.seeds().skip(2).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void view_followsLiveAppends_andAwaitCommittedShowsEachAppendInState(long seed) throws Exception {
    Random random = new Random(seed);
    RunningView<String, Long> view = harness.engine().start(countView("live", 1));
    Map<String, Long> expected = new TreeMap<>();
    long[] next = new long[EngineHarness.PARTITIONS];
    for (int append = 0; append < 60; append++) {
      int p = random.nextInt(EngineHarness.PARTITIONS);
      List<Input> batch = new ArrayList<>();
      for (int i = random.nextInt(20); i >= 0; i--) {
        batch.add(new Input(p, next[p]++, 1_000 + append, Input.payload(random), null));
      }
      AppendResult appended = LogInputs.append(harness.log(), batch);

      view.awaitCommitted(STREAM, p, appended.lastOffset()).get(30, TimeUnit.SECONDS);

      batch.forEach(input -> expected.merge(input.payload().key(), 1L, Long::sum));
      String what = "seed " + seed + ", append " + append;
      assertThat(view.state().progress().partitions().get(p).nextOffset())
          .as(what)
          .isEqualTo(appended.lastOffset() + 1);
      for (int k = 0; k < 6; k++) {
        String key = "k" + k; // k5 never occurs
        assertThat(view.state().get(key))
            .as("%s, key %s", what, key)
            .isEqualTo(Optional.ofNullable(expected.get(key)));
      }
    }
    CompletableFuture<Void> committedLongAgo = view.awaitCommitted(STREAM, 0, 0);
    assertThat(committedLongAgo).as("seed %d", seed).isCompleted();
    assertThatThrownBy(() -> view.awaitCommitted(STREAM, EngineHarness.PARTITIONS, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> view.awaitCommitted("other", 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> referenceCases() {
    return Stream.of(TestViews.windows())
        .flatMap(
            w ->
                Stream.of(Long.MAX_VALUE, 3_000L)
                    .filter(retention -> w != null || retention == Long.MAX_VALUE)
                    .flatMap(
                        retention ->
                            seeds().map(s -> Arguments.of(TestViews.name(w), w, retention, s))));
  }

  @ParameterizedTest(name = "{0} retention {2} seed {3}")
  @MethodSource("referenceCases")
  void state_ofViewRunningWhileRecordsArrive_equalsReferenceFoldOverTheLog(
      String windowName, WindowSpec window, long retentionMs, long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs =
        Input.generate(random, EngineHarness.PARTITIONS, 400, 0.1, 2_000, seed % 2 == 0 ? 1 : 50);
    View.Builder builder =
        View.named("ref-" + windowName).allowedLateness(Duration.ofMillis(LATENESS_MS));
    if (retentionMs != Long.MAX_VALUE) {
      builder.closedWindowRetention(Duration.ofMillis(retentionMs));
    }
    AggregationCase sum = AggregationCase.all().get(2);
    assertThat(sum.name()).isEqualTo("sumDouble");
    View<String, ?> view = TestViews.of(builder, window, sum.aggregation());
    ViewEngine engine = harness.engine(2, 1 + random.nextInt(300), 1 + random.nextInt(200));
    RunningView<String, ?> running = engine.start(view);

    appendInterleaved(inputs, random);
    CatchUp.await(harness.log(), running, WAIT);

    List<List<Input>> logged = LogInputs.read(harness.log());
    assertThat(logged).as("seed %d: the log holds what was appended", seed).isEqualTo(inputs);
    Reference.Outcome expected = Reference.compute(logged, window, LATENESS_MS, i -> false);
    if (window != null) {
      assertThat(expected.late()).as("seed %d: the input has late events", seed).isNotEmpty();
    }
    Expectations.assertMatches(Feed.observe(running.state()), expected, sum, retentionMs, seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aggregationThatThrows_inARunningView_rollsBackAndSendsExactlyThoseRecordsToErrors(
      long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, EngineHarness.PARTITIONS, 300, 0, 0, 1);
    WindowSpec hopping = new WindowSpec.Hopping(1_000, 250);
    View<String, Long> view =
        TestViews.of(
            View.named("half-way").allowedLateness(Duration.ofMillis(LATENESS_MS)),
            hopping,
            new HalfWaySum("i5"));
    ViewEngine engine = harness.engine(2, 1 + random.nextInt(100), 1 + random.nextInt(100));
    RunningView<String, Long> running = engine.start(view);

    appendInterleaved(inputs, random);
    CatchUp.await(harness.log(), running, WAIT);

    Reference.Outcome expected =
        Reference.compute(
            LogInputs.read(harness.log()),
            hopping,
            LATENESS_MS,
            i -> false,
            i -> i.payload().item().equals("i5"));
    assertThat(expected.errors()).as("seed %d: some poison", seed).hasSizeGreaterThan(5);
    AggregationCase sum = AggregationCase.all().get(1);
    Expectations.assertMatches(Feed.observe(running.state()), expected, sum, Long.MAX_VALUE, seed);
    assertThat(running.status().state()).isEqualTo(ViewStatus.State.RUNNING);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void restart_resumesFromCommittedOffsets_withoutLosingOrDoubleCountingRecords(long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs =
        Input.generate(random, EngineHarness.PARTITIONS, 600, 0.1, 2_000, 50);
    View<String, Long> view =
        TestViews.of(
            View.named("restart").allowedLateness(Duration.ofMillis(LATENESS_MS)),
            new WindowSpec.Tumbling(1_000),
            Aggregations.count());
    LogInputs.appendAll(harness.log(), firstHalf(inputs, true), 50);
    for (int run = 0; run < 4; run++) {
      // Each engine is closed at a random point, most likely while the view is catching up.
      ViewEngine engine = harness.engine(2, 1 + random.nextInt(100), 1 + random.nextInt(100));
      engine.start(view);
      if (run == 1) {
        LogInputs.appendAll(harness.log(), firstHalf(inputs, false), 50);
      }
      sleep(random.nextInt(30));
      engine.close();
    }
    ViewEngine last = harness.engine();
    RunningView<String, Long> resumed = last.start(view);
    CatchUp.await(harness.log(), resumed, WAIT);
    Reference.Outcome expected =
        Reference.compute(
            LogInputs.read(harness.log()), view.window().get(), LATENESS_MS, i -> false);
    assertThat(expected.processed()).isEqualTo(LogInputs.count(inputs));
    AggregationCase count = AggregationCase.all().getFirst();
    Feed.Observed<Long> caughtUp = Feed.observe(resumed.state());
    Expectations.assertMatches(caughtUp, expected, count, Long.MAX_VALUE, seed);
    last.close();

    RunningView<String, Long> again = harness.engine().start(view);
    CatchUp.await(harness.log(), again, WAIT);
    assertThat(Feed.observe(again.state()))
        .as("seed %d: a restart with nothing new to read changes nothing", seed)
        .isEqualTo(caughtUp);
  }

  @Test
  void newVersion_rebuildsFromTheLog_whileTheOldVersionKeepsItsState() {
    Random random = new Random(7);
    List<List<Input>> inputs = Input.generate(random, EngineHarness.PARTITIONS, 300, 0, 0, 1);
    LogInputs.appendAll(harness.log(), firstHalf(inputs, true), 40);
    View<String, Long> v1 = countView("versions", 1);
    View<String, Long> v2 =
        TestViews.of(View.named("versions").version(2), null, Aggregations.sum(Payload::amount));
    ViewEngine first = harness.engine();
    CatchUp.await(harness.log(), first.start(v1), WAIT);
    first.close();

    ViewEngine second = harness.engine();
    RunningView<String, Long> newVersion = second.start(v2);
    RunningView<String, Long> oldVersion = second.start(v1);
    LogInputs.appendAll(harness.log(), firstHalf(inputs, false), 40);
    CatchUp.await(harness.log(), newVersion, WAIT);
    CatchUp.await(harness.log(), oldVersion, WAIT);

    List<List<Input>> logged = LogInputs.read(harness.log());
    assertThat(oldVersion.status().processed()).isEqualTo(LogInputs.count(logged));
    assertThat(newVersion.status().processed()).isEqualTo(LogInputs.count(logged));
    assertGlobalState(oldVersion.state(), fold(logged, p -> 1));
    assertGlobalState(newVersion.state(), fold(logged, Payload::amount));
    assertThat(harness.stateDirectory().resolve("versions").resolve("v1")).isDirectory();
    assertThat(harness.stateDirectory().resolve("versions").resolve("v2")).isDirectory();
    second.close();

    RunningView<String, Long> reopened = harness.engine().start(v1);
    assertThat(reopened.state().progress().processed()).isEqualTo(LogInputs.count(logged));
    assertGlobalState(reopened.state(), fold(logged, p -> 1));
  }

  @Test
  void start_rejectsAMissingSourceStreamAndASecondRunOfOneId() {
    ViewEngine engine = harness.engine();
    View<String, Long> missing =
        View.named("missing")
            .from("no-such-stream", Decoders.utf8())
            .keyBy(v -> v, Serdes.string())
            .aggregate(Aggregations.count());
    assertThatThrownBy(() -> engine.start(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-stream");
    engine.start(countView("twice", 1));
    assertThatThrownBy(() -> engine.start(countView("twice", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice@1");
    assertThat(engine.statuses()).extracting(ViewStatus::id).containsExactly("twice@1");
    assertThat(Files.exists(harness.stateDirectory().resolve("missing"))).isFalse();
  }

  static View<String, Long> countView(String name, int version) {
    return TestViews.of(View.named(name).version(version), null, Aggregations.count());
  }

  /** Each partition's first half ({@code first}) or the rest. */
  static List<List<Input>> firstHalf(List<List<Input>> inputs, boolean first) {
    return inputs.stream()
        .map(p -> first ? p.subList(0, p.size() / 2) : p.subList(p.size() / 2, p.size()))
        .toList();
  }

  /** The sum of {@code value} per key over every input. */
  static Map<String, Long> fold(List<List<Input>> inputs, ToLongFunction<Payload> value) {
    Map<String, Long> out = new TreeMap<>();
    inputs.forEach(
        p ->
            p.forEach(
                i -> out.merge(i.payload().key(), value.applyAsLong(i.payload()), Long::sum)));
    return out;
  }

  static void assertGlobalState(ViewState<String, Long> state, Map<String, Long> expected) {
    Map<String, Long> actual = new TreeMap<>();
    for (WindowResult<String, Long> result : state.scan(Integer.MAX_VALUE)) {
      assertThat(result.window()).isEqualTo(Window.GLOBAL);
      actual.put(result.key(), result.value());
    }
    assertThat(actual).isEqualTo(expected);
  }

  /** Appends the inputs in batches of random size, picking a random partition each time. */
  private void appendInterleaved(List<List<Input>> inputs, Random random) {
    int[] next = new int[inputs.size()];
    List<Integer> open = new ArrayList<>();
    for (int p = 0; p < inputs.size(); p++) {
      open.add(p);
    }
    while (!open.isEmpty()) {
      int i = random.nextInt(open.size());
      List<Input> partition = inputs.get(open.get(i));
      int to = Math.min(partition.size(), next[open.get(i)] + 1 + random.nextInt(30));
      LogInputs.append(harness.log(), partition.subList(next[open.get(i)], to));
      next[open.get(i)] = to;
      if (to == partition.size()) {
        open.remove(i);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
