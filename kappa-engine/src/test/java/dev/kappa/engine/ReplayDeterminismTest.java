package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.engine.internal.RocksStateStore;
import dev.kappa.engine.internal.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reprocessing promise, byte for byte: a view built live while records arrive at random rates
 * in random batch sizes, and the same view rebuilt afterwards by a replay run from the log, hold
 * identical state stores: every key and value, positions and counters included.
 */
class ReplayDeterminismTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  static Stream<Long> seeds() {
    return Seeds.seeds().boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void liveBuild_andReplay_haveByteIdenticalStores(long seed) throws Exception {
    EngineHarness harness = new EngineHarness();
    harness.beforeEach(null);
    try {
      Random random = new Random(seed);
      View<String, Double> view =
          View.named("replayed")
              .allowedLateness(Duration.ofMillis(200))
              .from(Input.STREAM, Decoders.utf8())
              .map(Payload::parse)
              .keyBy(Payload::key, Serdes.string())
              .window(new WindowSpec.Hopping(1_000, 300))
              .aggregate(Aggregations.sumDouble(Payload::real));
      List<List<Input>> inputs =
          Input.generate(random, EngineHarness.PARTITIONS, 400, 0.2, 900, 50);
      // Small commits and cache, so the live run commits and evicts at many points.
      ViewEngine engine = harness.engine(2, 37, 50);
      RunningView<String, Double> live = engine.start(view);
      appendAtRandomRates(harness, inputs, random);
      CatchUp.await(harness.log(), live, WAIT);

      Path replayDirectory = harness.stateDirectory().resolve("replay");
      RunningView<String, Double> replay =
          engine.start(
              view, RunOptions.DEFAULTS.withId("replayed@1#2").withDirectory(replayDirectory));
      CatchUp.await(harness.log(), replay, WAIT);
      engine.close();

      List<String> liveState = dump(harness.stateDirectory().resolve("replayed").resolve("v1"));
      List<String> replayState = dump(replayDirectory);
      assertThat(liveState).as("seed %d: the live store has state", seed).hasSizeGreaterThan(10);
      assertThat(replayState).as("seed %d", seed).containsExactlyElementsOf(liveState);
    } finally {
      harness.afterEach(null);
    }
  }

  /** Appends each partition's inputs in random batches, pausing up to 3 ms between some. */
  private static void appendAtRandomRates(
      EngineHarness harness, List<List<Input>> inputs, Random random) {
    int[] next = new int[inputs.size()];
    List<Integer> open = new ArrayList<>();
    for (int p = 0; p < inputs.size(); p++) {
      open.add(p);
    }
    while (!open.isEmpty()) {
      int i = random.nextInt(open.size());
      int p = open.get(i);
      List<Input> partition = inputs.get(p);
      int to =
          Math.min(partition.size(), next[p] + 1 + random.nextInt(random.nextBoolean() ? 3 : 60));
      LogInputs.append(harness.log(), partition.subList(next[p], to));
      next[p] = to;
      if (to == partition.size()) {
        open.remove(i);
      }
      if (random.nextInt(4) == 0) {
        LockSupport.parkNanos(random.nextInt(3_000_000));
      }
    }
  }

  /** Every key and value of the store at {@code directory}, in key order, as hex. */
  private static List<String> dump(Path directory) {
    List<String> entries = new ArrayList<>();
    HexFormat hex = HexFormat.of();
    try (RocksStateStore store = RocksStateStore.open(directory);
        StateStore.Snapshot snapshot = store.snapshot()) {
      snapshot.scan(
          new byte[0],
          null,
          (key, value) -> {
            entries.add(hex.formatHex(key) + "=" + hex.formatHex(value));
            return true;
          });
    }
    return entries;
  }
}
