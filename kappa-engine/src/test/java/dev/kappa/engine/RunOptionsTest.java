package dev.kappa.engine;

import static dev.kappa.engine.ViewEngineTest.assertGlobalState;
import static dev.kappa.engine.ViewEngineTest.countView;
import static dev.kappa.engine.ViewEngineTest.fold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs laid out by {@link RunOptions}: from given offsets, up to an end (finishing there), under
 * their own id and directory beside the view's default run, and the checks on bad offsets. Each
 * state is compared with a fold of exactly the records the run should have read.
 */
class RunOptionsTest {

  private static final String STREAM = Input.STREAM;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final EngineHarness harness = new EngineHarness();

  @Test
  void start_fromOffsets_foldsOnlyTheRecordsFromThere() {
    long seed = 31;
    List<List<Input>> inputs = Input.generate(new Random(seed), 3, 40, 0, 0, 1);
    LogInputs.appendAll(harness.log(), inputs, 9);
    List<Long> starts = List.of(5L, 0L, 40L);
    ViewEngine engine = harness.engine();
    RunningView<String, Long> running =
        engine.start(countView("from", 1), RunOptions.DEFAULTS.from(STREAM, starts));
    CatchUp.await(harness.log(), running, WAIT);

    assertGlobalState(running.state(), fold(slice(inputs, starts, null), p -> 1));
    assertThat(running.status().partitions())
        .extracting(ViewStatus.PartitionLag::startOffset)
        .containsExactly(5L, 0L, 40L);
    assertThat(running.state().progress().partitions())
        .extracting(PartitionProgress::nextOffset)
        .containsExactly(40L, 40L, 40L);
  }

  @Test
  void start_fromOffsetsWithNothingToRead_commitsTheStartPositions() {
    List<List<Input>> inputs = Input.generate(new Random(32), 3, 10, 0, 0, 1);
    LogInputs.appendAll(harness.log(), inputs, 4);
    RunningView<String, Long> running =
        harness
            .engine()
            .start(
                countView("at-end", 1), RunOptions.DEFAULTS.from(STREAM, List.of(10L, 10L, 10L)));
    await()
        .atMost(WAIT)
        .until(
            () ->
                running.state().progress().partitions().stream()
                    .allMatch(p -> p.nextOffset() == 10));
    assertThat(running.state().scan(10)).isEmpty();
  }

  @Test
  void start_withEnd_finishesThereAndIgnoresLaterRecords() {
    List<List<Input>> inputs = Input.generate(new Random(33), 3, 50, 0, 0, 1);
    LogInputs.appendAll(harness.log(), inputs, 7);
    List<Long> ends = List.of(17L, 0L, 50L);
    RunningView<String, Long> running =
        harness.engine().start(countView("bounded", 1), RunOptions.DEFAULTS.until(STREAM, ends));
    await().atMost(WAIT).until(() -> running.status().state() == ViewStatus.State.FINISHED);

    assertGlobalState(running.state(), fold(slice(inputs, null, ends), p -> 1));
    assertThat(running.status().lag()).isZero();
    assertThat(running.status().fractionDone()).isEqualTo(1.0);
    // Records appended past the end change nothing.
    List<Input> more = new ArrayList<>();
    for (Input i : Input.generate(new Random(34), 1, 5, 0, 0, 1).getFirst()) {
      more.add(new Input(0, 50 + i.offset(), i.time(), i.payload(), null));
    }
    LogInputs.append(harness.log(), more);
    assertGlobalState(running.state(), fold(slice(inputs, null, ends), p -> 1));
  }

  @Test
  void start_ownIdAndDirectory_runsBesideTheDefaultRunOfTheSameVersion() {
    List<List<Input>> inputs = Input.generate(new Random(35), 3, 30, 0, 0, 1);
    LogInputs.appendAll(harness.log(), inputs, 5);
    ViewEngine engine = harness.engine();
    View<String, Long> view = countView("twin", 1);
    RunningView<String, Long> first = engine.start(view);
    RunningView<String, Long> second =
        engine.start(
            view,
            RunOptions.DEFAULTS
                .withId("twin@1#2")
                .withDirectory(harness.stateDirectory().resolve("twin-2"))
                .from(STREAM, List.of(10L, 10L, 10L)));
    CatchUp.await(harness.log(), first, WAIT);
    CatchUp.await(harness.log(), second, WAIT);

    assertGlobalState(first.state(), fold(inputs, p -> 1));
    assertGlobalState(second.state(), fold(slice(inputs, List.of(10L, 10L, 10L), null), p -> 1));
    assertThat(engine.statuses()).extracting(ViewStatus::id).containsExactly("twin@1", "twin@1#2");

    engine.remove("twin@1#2");
    assertThat(engine.statuses()).extracting(ViewStatus::id).containsExactly("twin@1");
    assertThatThrownBy(() -> second.state().progress())
        .as("a removed run's state is released")
        .isInstanceOf(ViewStateClosedException.class);
    // Its store stays: a new run under the same id resumes, having nothing left to do.
    RunningView<String, Long> again =
        engine.start(
            view,
            RunOptions.DEFAULTS
                .withId("twin@1#2")
                .withDirectory(harness.stateDirectory().resolve("twin-2")));
    CatchUp.await(harness.log(), again, WAIT);
    assertGlobalState(again.state(), fold(slice(inputs, List.of(10L, 10L, 10L), null), p -> 1));
  }

  @Test
  void start_badOffsets_isRefusedWithTheReason() {
    LogInputs.appendAll(harness.log(), Input.generate(new Random(36), 3, 10, 0, 0, 1), 4);
    ViewEngine engine = harness.engine();
    View<String, Long> view = countView("bad", 1);
    assertThatThrownBy(() -> engine.start(view, RunOptions.DEFAULTS.from(STREAM, List.of(1L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name 1 partitions; it has 3");
    assertThatThrownBy(
            () -> engine.start(view, RunOptions.DEFAULTS.from(STREAM, List.of(0L, 11L, 0L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "start offset 11 of events/1 is outside the partition's offsets 0 to 10");
    assertThatThrownBy(() -> engine.start(view, RunOptions.DEFAULTS.from("other", List.of(0L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which view bad@1 does not read");
    assertThatThrownBy(
            () ->
                engine.start(
                    view,
                    RunOptions.DEFAULTS
                        .from(STREAM, List.of(5L, 5L, 5L))
                        .until(STREAM, List.of(5L, 4L, 5L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end offset 4 of events/1 is before its start");
    assertThatThrownBy(() -> RunOptions.DEFAULTS.from(STREAM, List.of(-1L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(engine.statuses()).isEmpty();
  }

  /** Each partition's inputs from its start (inclusive) to its end (exclusive). */
  private static List<List<Input>> slice(
      List<List<Input>> inputs, List<Long> starts, List<Long> ends) {
    List<List<Input>> out = new ArrayList<>();
    for (int p = 0; p < inputs.size(); p++) {
      int from = starts == null ? 0 : (int) (long) starts.get(p);
      int to = ends == null ? inputs.get(p).size() : (int) (long) ends.get(p);
      out.add(inputs.get(p).subList(from, to));
    }
    return out;
  }
}
