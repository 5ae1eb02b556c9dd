package dev.kappa.bench;

import dev.kappa.bench.internal.BenchDirectory;
import dev.kappa.bench.internal.IngestWorkloads;
import dev.kappa.bench.internal.JsonLines;
import dev.kappa.bench.internal.RunPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures the server's HTTP ingest end to end and prints each {@link Measurement} as one JSON
 * object per line, as soon as it is known. The server runs in this JVM on a loopback port; the
 * clients are {@link java.net.http.HttpClient}s over HTTP/1.1 in this JVM too, so both share the
 * machine's cores.
 *
 * <p>The stream is an Avro click stream ({@code user}, {@code page}, {@code ts} as {@code
 * timestamp-millis}, {@code n}) with {@value IngestWorkloads#PARTITIONS} partitions; events are
 * about 100 bytes of JSON. Every acknowledged event was validated against the schema and fsynced
 * before its reply, and each run checks that the stream holds exactly the events acknowledged.
 *
 * <ul>
 *   <li>{@code ingest.ndjson}: NDJSON requests of {@value IngestWorkloads#BATCH_EVENTS} events from
 *       {@value IngestWorkloads#BATCH_CLIENTS} client threads, each with one request in flight; in
 *       events/s and MB/s of NDJSON.
 *   <li>{@code ingest.single}: {@value IngestWorkloads#SINGLE_CLIENTS} client threads each posting
 *       one {@code application/json} event at a time; in requests/s.
 *   <li>{@code ingest.single.p50} and {@code ingest.single.p99}: the request latency percentiles of
 *       those requests, in ms, exact over every request of a run (nearest rank).
 * </ul>
 *
 * <p>Every run uses a fresh server over a fresh directory that is deleted afterwards. A run stops
 * at {@link Settings#events()} events or at its share of {@link Settings#duration()}, whichever
 * comes first; each value is the median over {@link Settings#runs()} runs.
 *
 * <p>Not thread-safe; run one benchmark at a time per directory.
 */
public final class IngestBenchmark {

  /** The measurement groups {@link #run} performs, used to split the time budget. */
  private static final int GROUPS = 2;

  private final Settings settings;

  public IngestBenchmark(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs every measurement, printing each to {@code out} as a JSON line.
   *
   * @return the measurements, in the order printed
   * @throws InterruptedException if interrupted; the benchmark directory is still removed
   * @throws IllegalStateException if the server refused an event or lost an acknowledged one
   */
  public List<Measurement> run(PrintStream out) throws InterruptedException {
    List<Measurement> results = new ArrayList<>();
    RunPlan plan = new RunPlan(settings.runs(), settings.duration().dividedBy(GROUPS));
    try (BenchDirectory dir = BenchDirectory.create(settings.directory())) {
      IngestWorkloads workloads = new IngestWorkloads(dir, plan, settings.events());
      JsonLines.printAll(out, workloads.ndjson(), results);
      JsonLines.printAll(out, workloads.single(), results);
    }
    return results;
  }

  /**
   * What to run.
   *
   * @param directory where to create the benchmark's temporary directory, or null for the system
   *     temporary directory
   * @param events the most events one run sends
   * @param duration roughly how long the whole benchmark may take, server start-ups aside
   * @param runs how many runs each measurement's median is taken over
   */
  public record Settings(Path directory, long events, Duration duration, int runs) {

    public static final long DEFAULT_EVENTS = 2_000_000;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    public static final int DEFAULT_RUNS = 5;

    public Settings {
      Objects.requireNonNull(duration, "duration");
      if (events < 1) {
        throw new IllegalArgumentException("events must be positive, was " + events);
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive, was " + duration);
      }
      if (runs < 1) {
        throw new IllegalArgumentException("runs must be positive, was " + runs);
      }
    }

    /** The defaults: a temporary directory, 2,000,000 events, 60 s, 5 runs. */
    public static Settings defaults() {
      return new Settings(null, DEFAULT_EVENTS, DEFAULT_DURATION, DEFAULT_RUNS);
    }

    public Settings withDirectory(Path directory) {
      return new Settings(directory, events, duration, runs);
    }

    public Settings withEvents(long events) {
      return new Settings(directory, events, duration, runs);
    }

    public Settings withDuration(Duration duration) {
      return new Settings(directory, events, duration, runs);
    }

    public Settings withRuns(int runs) {
      return new Settings(directory, events, duration, runs);
    }
  }
}
