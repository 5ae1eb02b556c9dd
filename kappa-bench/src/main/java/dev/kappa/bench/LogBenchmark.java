package dev.kappa.bench;

import dev.kappa.bench.internal.AppendWorkloads;
import dev.kappa.bench.internal.BenchDirectory;
import dev.kappa.bench.internal.JsonLines;
import dev.kappa.bench.internal.ReadWorkload;
import dev.kappa.bench.internal.RunPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures the embedded log's append and read throughput and prints each {@link Measurement} as one
 * JSON object per line, as soon as it is known.
 *
 * <p>Measurements, all with {@link Settings#recordBytes()}-byte values and no keys:
 *
 * <ul>
 *   <li>{@code log.append.batched}: durable batched appends (batches of {@value
 *       AppendWorkloads#BATCH_RECORDS} records, {@value AppendWorkloads#IN_FLIGHT} appends in
 *       flight per appender), with 1 and with 8 appenders, each on its own partition of an
 *       8-partition stream; in records/s and MB/s.
 *   <li>{@code log.append.single}: one-record appends, each awaited before the next, by 1 and by 8
 *       threads sharing one partition (where group commit pays off); in records/s.
 *   <li>{@code log.read.sequential}: a whole partition read with {@code ReadResult.forEach}; in
 *       records/s and MB/s.
 * </ul>
 *
 * <p>Every run uses a fresh log in a fresh directory that is deleted afterwards. A run stops at
 * {@link Settings#records()} records or at its share of {@link Settings#duration()}, whichever
 * comes first, so the whole benchmark takes about {@code duration}.
 *
 * <p>Not thread-safe; run one benchmark at a time per directory.
 */
public final class LogBenchmark {

  /** The measurement groups {@link #run} performs, used to split the time budget. */
  private static final int GROUPS = 5;

  private final Settings settings;

  public LogBenchmark(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs every measurement, printing each to {@code out} as a JSON line.
   *
   * @return the measurements, in the order printed
   * @throws InterruptedException if interrupted; the benchmark directory is still removed
   */
  public List<Measurement> run(PrintStream out) throws InterruptedException {
    List<Measurement> results = new ArrayList<>();
    RunPlan plan = new RunPlan(settings.runs(), settings.duration().dividedBy(GROUPS));
    try (BenchDirectory dir = BenchDirectory.create(settings.directory())) {
      AppendWorkloads append =
          new AppendWorkloads(dir, plan, settings.records(), settings.recordBytes());
      ReadWorkload read = new ReadWorkload(dir, plan, settings.records(), settings.recordBytes());
      List<Group> groups =
          List.of(
              () -> append.batched(1),
              () -> append.batched(8),
              () -> append.single(1),
              () -> append.single(8),
              read::sequential);
      for (Group group : groups) {
        JsonLines.printAll(out, group.measure(), results);
      }
    }
    return results;
  }

  @FunctionalInterface
  private interface Group {
    List<Measurement> measure() throws InterruptedException;
  }

  /**
   * What to run.
   *
   * @param directory where to create the benchmark's temporary directory, or null for the system
   *     temporary directory
   * @param records the most records one run writes
   * @param duration roughly how long the whole benchmark may take
   * @param runs how many runs each measurement's median is taken over
   * @param recordBytes the size of each record's value
   */
  public record Settings(
      Path directory, long records, Duration duration, int runs, int recordBytes) {

    public static final long DEFAULT_RECORDS = 2_000_000;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    public static final int DEFAULT_RUNS = 5;
    public static final int DEFAULT_RECORD_BYTES = 100;

    public Settings {
      Objects.requireNonNull(duration, "duration");
      if (records < 1) {
        throw new IllegalArgumentException("records must be positive, was " + records);
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive, was " + duration);
      }
      if (runs < 1) {
        throw new IllegalArgumentException("runs must be positive, was " + runs);
      }
      if (recordBytes < 1) {
        throw new IllegalArgumentException("recordBytes must be positive, was " + recordBytes);
      }
    }

    /** The defaults: a temporary directory, 2,000,000 records, 60 s, 5 runs, 100 bytes. */
    public static Settings defaults() {
      return new Settings(
          null, DEFAULT_RECORDS, DEFAULT_DURATION, DEFAULT_RUNS, DEFAULT_RECORD_BYTES);
    }

    public Settings withDirectory(Path directory) {
      return new Settings(directory, records, duration, runs, recordBytes);
    }

    public Settings withRecords(long records) {
      return new Settings(directory, records, duration, runs, recordBytes);
    }

    public Settings withDuration(Duration duration) {
      return new Settings(directory, records, duration, runs, recordBytes);
    }

    public Settings withRuns(int runs) {
      return new Settings(directory, records, duration, runs, recordBytes);
    }
  }
}
