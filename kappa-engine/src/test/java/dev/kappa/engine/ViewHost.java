package dev.kappa.engine;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The process that {@link ViewKillRecoveryTest} kills with SIGKILL. It opens the log in {@code
 * DIR/log} (stream {@link Input#STREAM}, {@value #PARTITIONS} partitions, created if missing) and a
 * {@link ViewEngine} with state in {@code DIR/state} running every view of {@link #cases()}, prints
 * {@code ready}, and then:
 *
 * <ul>
 *   <li>{@code write}: appends seeded random payloads forever, batches of a random size to random
 *       partitions, each waited for. Event times continue from the largest in each partition's last
 *       batch, mostly moving forward, some jumping back so that they are late.
 *   <li>{@code catch-up}: waits until every view has committed the whole log, closes the engine and
 *       the log, prints {@code caught-up} and exits.
 * </ul>
 *
 * <p>The engine's commit interval and cache size are drawn from the seed: they change when commits
 * happen, never what state holds. Usage: {@code ViewHost DIR MODE SEED}.
 */
public final class ViewHost {

  static final int PARTITIONS = 3;
  static final long LATENESS_MS = 200;
  static final long RETENTION_MS = 4_000;

  /** A view the host runs and how to check it: its aggregation's reference and its retention. */
  record Case(View<String, ?> view, AggregationCase aggregation, long retentionMs) {}

  private ViewHost() {}

  /**
   * Windowed count and exact double sum, an unwindowed count, and retained session counts and
   * hopping sums.
   */
  static List<Case> cases() {
    AggregationCase count = AggregationCase.all().get(0);
    AggregationCase sum = AggregationCase.all().get(1);
    AggregationCase sumDouble = AggregationCase.all().get(2);
    Duration lateness = Duration.ofMillis(LATENESS_MS);
    WindowSpec second = new WindowSpec.Tumbling(1_000);
    return List.of(
        new Case(
            TestViews.of(
                View.named("window-count").allowedLateness(lateness), second, count.aggregation()),
            count,
            Long.MAX_VALUE),
        new Case(
            TestViews.of(
                View.named("window-sum").allowedLateness(lateness),
                second,
                sumDouble.aggregation()),
            sumDouble,
            Long.MAX_VALUE),
        new Case(
            TestViews.of(View.named("total-count"), null, count.aggregation()),
            count,
            Long.MAX_VALUE),
        new Case(
            TestViews.of(
                View.named("session-count")
                    .allowedLateness(lateness)
                    .closedWindowRetention(Duration.ofMillis(RETENTION_MS)),
                new WindowSpec.Session(400),
                count.aggregation()),
            count,
            RETENTION_MS),
        new Case(
            TestViews.of(
                View.named("hopping-sum")
                    .allowedLateness(lateness)
                    .closedWindowRetention(Duration.ofMillis(RETENTION_MS)),
                new WindowSpec.Hopping(1_000, 250),
                sum.aggregation()),
            sum,
            RETENTION_MS));
  }

  /** Small segments, so that segments roll during the test. */
  static LogOptions logOptions(Path directory) {
    return LogOptions.builder(directory).segmentBytes(256 << 10).build();
  }

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    boolean write =
        switch (args[1]) {
          case "write" -> true;
          case "catch-up" -> false;
          default ->
              throw new IllegalArgumentException("mode must be write or catch-up: " + args[1]);
        };
    Random random = new Random(Long.parseLong(args[2]));
    Log log = EmbeddedLog.open(logOptions(directory.resolve("log")));
    if (!log.hasStream(Input.STREAM)) {
      log.createStream(StreamConfig.of(Input.STREAM, PARTITIONS));
    }
    ViewEngine engine =
        ViewEngine.builder(log, directory.resolve("state"))
            .threads(2)
            .commitEveryRecords(1 + random.nextInt(2_000))
            .maxCacheEntries(8 + random.nextInt(2_000))
            .build();
    List<RunningView<String, ?>> running = new ArrayList<>();
    for (Case c : cases()) {
      running.add(engine.start(c.view()));
    }
    System.out.println("ready");
    System.out.flush();
    if (write) {
      appendForever(log, random);
    }
    for (RunningView<String, ?> view : running) {
      CatchUp.await(log, view, Duration.ofMinutes(2));
    }
    engine.close();
    log.close();
    System.out.println("caught-up");
    System.out.flush();
  }

  private static void appendForever(Log log, Random random) {
    long[] cursor = new long[PARTITIONS];
    for (int p = 0; p < PARTITIONS; p++) {
      cursor[p] = lastEventTime(log, p);
    }
    while (true) {
      int p = random.nextInt(PARTITIONS);
      List<NewRecord> batch = new ArrayList<>();
      for (int i = random.nextInt(40); i >= 0; i--) {
        cursor[p] += random.nextInt(120);
        long time =
            random.nextDouble() < 0.1
                ? cursor[p] - random.nextInt(2_000)
                : cursor[p] + random.nextInt(60);
        batch.add(LogInputs.record(Input.payload(random), time));
      }
      log.append(Input.STREAM, p, batch).join();
    }
  }

  /** The largest event time in the last batch of partition {@code p}, or a start time if empty. */
  private static long lastEventTime(Log log, int p) {
    long end = log.partition(Input.STREAM, p).durableEnd();
    if (end == 0) {
      return 1_000_000;
    }
    long max = Long.MIN_VALUE;
    for (LogRecord record : log.read(Input.STREAM, p, end - 1, 1 << 16).records()) {
      max = Math.max(max, record.eventTime());
    }
    return max;
  }
}
