package dev.kappa.engine;

import static dev.kappa.engine.ViewEngineTest.assertGlobalState;
import static dev.kappa.engine.ViewEngineTest.countView;
import static dev.kappa.engine.ViewEngineTest.fold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.kappa.engine.ViewStatus.PartitionLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link ViewEngine}'s views over their lives: status and lag while running, failure under the
 * FAIL policy, stopping, and many views sharing few threads. Real log, RocksDB state.
 */
class ViewEngineLifecycleTest {

  private static final String STREAM = Input.STREAM;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final EngineHarness harness = new EngineHarness();

  @Test
  void status_reportsRunningAndLagPerPartition_untilTheViewCatchesUp() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    View<String, Long> view =
        View.named("gated")
            .from(STREAM, Decoders.utf8())
            .map(
                text -> {
                  entered.countDown();
                  awaitUninterruptibly(gate);
                  return Payload.parse(text);
                })
            .keyBy(Payload::key, Serdes.string())
            .aggregate(Aggregations.count());
    List<List<Input>> inputs = generate(new Random(11), 10, 25, 0);
    LogInputs.appendAll(harness.log(), inputs, 7);
    ViewEngine engine = harness.engine();
    RunningView<String, Long> running = engine.start(view);
    try {
      assertThat(entered.await(30, TimeUnit.SECONDS))
          .as("the view reads its first record")
          .isTrue();
      ViewStatus blocked = running.status();
      assertThat(blocked.id()).isEqualTo("gated@1");
      assertThat(blocked.state()).isEqualTo(ViewStatus.State.RUNNING);
      assertThat(blocked.error()).isNull();
      assertThat(blocked.partitions())
          .containsExactly(
              new PartitionLag(STREAM, 0, 0, 0, 10),
              new PartitionLag(STREAM, 1, 0, 0, 25),
              new PartitionLag(STREAM, 2, 0, 0, 0));
      assertThat(blocked.partitions()).extracting(PartitionLag::lag).containsExactly(10L, 25L, 0L);
      assertThat(blocked.lag()).isEqualTo(35);
      assertThat(blocked.processed()).isZero();

      LogInputs.append(harness.log(), generate(new Random(12), 0, 0, 5).get(2));
      assertThat(running.status().partitions().get(2))
          .isEqualTo(new PartitionLag(STREAM, 2, 0, 0, 5));
      assertThat(engine.statuses()).extracting(ViewStatus::id).containsExactly("gated@1");
    } finally {
      gate.countDown();
    }
    CatchUp.await(harness.log(), running, WAIT);
    ViewStatus caughtUp = running.status();
    assertThat(caughtUp.state()).isEqualTo(ViewStatus.State.RUNNING);
    assertThat(caughtUp.partitions())
        .containsExactly(
            new PartitionLag(STREAM, 0, 0, 10, 10),
            new PartitionLag(STREAM, 1, 0, 25, 25),
            new PartitionLag(STREAM, 2, 0, 5, 5));
    assertThat(caughtUp.lag()).isZero();
    assertThat(caughtUp.processed()).isEqualTo(40);
  }

  @Test
  void failPolicy_codeThatThrows_failsTheViewWithItsErrorAndStopsIt() throws Exception {
    View<String, Long> view =
        View.named("fails")
            .onError(ViewOptions.ErrorPolicy.FAIL)
            .from(STREAM, Decoders.utf8())
            .map(Payload::parse)
            .map(
                p -> {
                  if (p.item().equals("poison")) {
                    throw new IllegalStateException("poisoned record of " + p.key());
                  }
                  return p;
                })
            .keyBy(Payload::key, Serdes.string())
            .aggregate(Aggregations.count());
    List<Input> good = generate(new Random(3), 9, 0, 0).getFirst();
    Input poison =
        new Input(0, 6, 2_000, new Payload("k1", 1, 1.0, "poison"), null); // offset 6 of 9
    List<Input> committed = good.subList(0, 5);
    LogInputs.append(harness.log(), committed);
    RunningView<String, Long> running = harness.engine().start(view);
    CatchUp.await(harness.log(), running, WAIT);

    LogInputs.append(harness.log(), List.of(good.get(5), poison, good.get(7), good.get(8)));
    waitUntil(() -> running.status().state() == ViewStatus.State.FAILED, running);

    ViewStatus failed = running.status();
    assertThat(failed.error())
        .contains("fails@1", STREAM + "/0@6", "IllegalStateException", "poisoned record of k1");
    assertThat(failed.partitions().getFirst().committedOffset())
        .as("state stays at the last commit")
        .isEqualTo(5);
    assertThat(failed.processed()).isEqualTo(5);
    assertGlobalState(running.state(), fold(List.of(committed), p -> 1));
    CompletableFuture<Void> afterFailure = running.awaitCommitted(STREAM, 0, 5);
    assertThat(afterFailure).isCompletedExceptionally();

    LogInputs.append(harness.log(), generate(new Random(4), 0, 0, 20).get(2));
    Thread.sleep(200);
    assertThat(running.status().state()).isEqualTo(ViewStatus.State.FAILED);
    assertThat(running.status().processed()).as("a failed view reads no more").isEqualTo(5);
  }

  @Test
  void stop_rightAfterStart_commitsAWholePrefix_stopsReading_andKeepsStateReadable()
      throws Exception {
    Random random = new Random(5);
    LogInputs.appendAll(harness.log(), generate(random, 2_000, 2_000, 2_000), 500);
    View<String, Long> view = countView("stopped", 1);
    ViewEngine engine = harness.engine(1, Long.MAX_VALUE, Integer.MAX_VALUE);
    RunningView<String, Long> running = engine.start(view);

    engine.stop(view.id()); // before, during or after its first slice

    ViewStatus stopped = running.status();
    assertThat(stopped.state()).isEqualTo(ViewStatus.State.STOPPED);
    assertThat(engine.statuses())
        .extracting(ViewStatus::id, ViewStatus::state)
        .containsExactly(tuple("stopped@1", ViewStatus.State.STOPPED));
    long[] committed =
        running.state().progress().partitions().stream()
            .mapToLong(PartitionProgress::nextOffset)
            .toArray();
    assertGlobalState(running.state(), fold(LogInputs.read(harness.log(), committed), p -> 1));
    assertThat(stopped.processed()).isEqualTo(committed[0] + committed[1] + committed[2]);

    LogInputs.append(
        harness.log(), continued(generate(random, 0, 0, 2_000), generate(random, 0, 0, 5)).get(2));
    Thread.sleep(200);
    assertThat(running.status().processed())
        .as("a stopped view reads no more")
        .isEqualTo(stopped.processed());
    assertThat(running.awaitCommitted(STREAM, 2, 2_004)).isCompletedExceptionally();
    assertGlobalState(running.state(), fold(LogInputs.read(harness.log(), committed), p -> 1));
  }

  @Test
  void start_afterStop_runsTheViewAgainFromItsLastCommit() {
    List<List<Input>> first = generate(new Random(9), 100, 100, 100);
    LogInputs.appendAll(harness.log(), first, 30);
    ViewEngine engine = harness.engine();
    View<String, Long> view = countView("again", 1);
    CatchUp.await(harness.log(), engine.start(view), WAIT);
    engine.stop(view.id());
    LogInputs.appendAll(harness.log(), continued(first, generate(new Random(10), 50, 0, 70)), 30);

    RunningView<String, Long> again = engine.start(view);

    CatchUp.await(harness.log(), again, WAIT);
    List<List<Input>> logged = LogInputs.read(harness.log());
    assertThat(again.status().state()).isEqualTo(ViewStatus.State.RUNNING);
    assertThat(again.status().processed()).isEqualTo(LogInputs.count(logged)).isEqualTo(420);
    assertGlobalState(again.state(), fold(logged, p -> 1));
    assertThat(engine.statuses()).extracting(ViewStatus::id).containsExactly("again@1");
  }

  @Test
  void close_whileStateIsRead_makesLaterReadsFailWithAnErrorInsteadOfCrashing() throws Exception {
    LogInputs.appendAll(harness.log(), generate(new Random(8), 300, 300, 300), 100);
    ViewEngine engine = harness.engine();
    RunningView<String, Long> running = engine.start(countView("closing", 1));
    CatchUp.await(harness.log(), running, WAIT);
    Map<String, Long> expected = fold(LogInputs.read(harness.log()), p -> 1);
    List<Throwable> endings = new CopyOnWriteArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      readers.add(
          Thread.ofPlatform().start(() -> endings.add(readUntilFailure(running, expected))));
    }
    Thread.sleep(50);

    engine.close();

    for (Thread reader : readers) {
      reader.join(WAIT.toMillis());
    }
    assertThat(endings)
        .hasSize(2)
        .allSatisfy(
            e -> assertThat(e).isInstanceOf(RuntimeException.class).hasMessageContaining("closed"));
    assertThatThrownBy(() -> running.state().get("k0")).hasMessageContaining("closed");
  }

  /** Reads the whole state again and again; what ended it. */
  private static Throwable readUntilFailure(
      RunningView<String, Long> view, Map<String, Long> expected) {
    try {
      while (true) {
        Map<String, Long> actual = new TreeMap<>();
        view.state().scan(Integer.MAX_VALUE).forEach(r -> actual.put(r.key(), r.value()));
        if (!actual.equals(expected)) {
          return new AssertionError("read " + actual + ", expected " + expected);
        }
      }
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void manyViews_onTwoThreads_allCatchUpWithoutMoreThreads() {
    int views = 20;
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    List<List<Input>> first = generate(new Random(21), 100, 100, 100);
    LogInputs.appendAll(harness.log(), first, 25);
    ViewEngine engine = harness.engine(2, 500_000, 1_000_000);
    List<RunningView<String, Long>> running = new ArrayList<>();
    for (int i = 0; i < views; i++) {
      long threshold = -1_000 + 100 * i;
      running.add(
          engine.start(
              View.named("many-" + i)
                  .from(STREAM, Decoders.utf8())
                  .map(Payload::parse)
                  .filter(
                      p -> {
                        workers.add(Thread.currentThread());
                        return p.amount() >= threshold;
                      })
                  .keyBy(Payload::key, Serdes.string())
                  .aggregate(Aggregations.count())));
    }
    LogInputs.appendAll(
        harness.log(), continued(first, generate(new Random(22), 100, 100, 100)), 25);
    running.forEach(view -> CatchUp.await(harness.log(), view, WAIT));

    List<List<Input>> logged = LogInputs.read(harness.log());
    for (int i = 0; i < views; i++) {
      long threshold = -1_000 + 100 * i;
      RunningView<String, Long> view = running.get(i);
      assertThat(view.status().state()).as(view.view().id()).isEqualTo(ViewStatus.State.RUNNING);
      assertThat(view.status().processed()).as(view.view().id()).isEqualTo(600);
      assertGlobalState(view.state(), fold(logged, p -> p.amount() >= threshold ? 1 : 0));
    }
    assertThat(workers).hasSizeBetween(1, 2).allMatch(t -> t.getName().startsWith("kappa-view-"));
    assertThat(engine.statuses()).hasSize(views);
  }

  /** Records for partitions 0, 1 and 2, at offsets from 0, times from 1000 on. */
  private static List<List<Input>> generate(Random random, int p0, int p1, int p2) {
    int[] sizes = {p0, p1, p2};
    List<List<Input>> out = new ArrayList<>();
    for (int p = 0; p < sizes.length; p++) {
      List<Input> inputs = new ArrayList<>();
      for (int offset = 0; offset < sizes[p]; offset++) {
        inputs.add(new Input(p, offset, 1_000 + offset, Input.payload(random), null));
      }
      out.add(inputs);
    }
    return out;
  }

  /** {@code more}, moved to the offsets after {@code before}'s. */
  private static List<List<Input>> continued(List<List<Input>> before, List<List<Input>> more) {
    List<List<Input>> out = new ArrayList<>();
    for (int p = 0; p < more.size(); p++) {
      int base = before.get(p).size();
      out.add(
          more.get(p).stream()
              .map(i -> new Input(i.partition(), base + i.offset(), i.time(), i.payload(), null))
              .toList());
    }
    return out;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitUntil(BooleanSupplier condition, RunningView<?, ?> view)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting; status %s", view.status()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
