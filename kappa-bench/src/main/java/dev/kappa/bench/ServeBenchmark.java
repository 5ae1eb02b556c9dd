package dev.kappa.bench;

import dev.kappa.bench.internal.BenchDirectory;
import dev.kappa.bench.internal.ClickServer;
import dev.kappa.bench.internal.JsonLines;
import dev.kappa.bench.internal.OnDemandWorkload;
import dev.kappa.bench.internal.PointLookupWorkload;
import dev.kappa.bench.internal.ServePlan;
import dev.kappa.bench.internal.ServeWorkload;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Measures serving: a server in this JVM runs the example view {@code page-views-per-minute} over a
 * schemaless click stream, preloaded so that the pages queried have counts, and is queried over
 * HTTP while clicks are ingested at a steady rate. Prints each {@link Measurement} as one JSON
 * line:
 *
 * <ul>
 *   <li>{@code serve.lookup.queriesPerSecond}, {@code serve.lookup.latency.p50}, {@code .p99} and
 *       {@code .max} (the p99's context also gives the p90 and p99.9), {@code
 *       serve.lookup.failedQueries} and {@code serve.lookup.ingest.eventsPerSecond}: point lookups
 *       {@code GET /views/page-views-per-minute/state?key=<page>} from several keep-alive
 *       connections, each sending its next query when its answer arrives: the queries answered per
 *       second, at saturation.
 *   <li>{@code serve.lookup.paced.*}, the same measurements for the same lookups due at a fixed
 *       rate ({@link Settings#lookupRate()}), each query's latency counted from when it was due:
 *       the latency clients see at that load.
 * </ul>
 *
 * <p>Each workload runs for a warm-up, then is measured; they share one server, in the order
 * listed. The load generator shares the machine's cores with the server, and each measurement's
 * context says how many it used. Not thread-safe.
 */
public final class ServeBenchmark {

  private final Settings settings;

  public ServeBenchmark(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs every workload, printing each measurement to {@code out} as a JSON line.
   *
   * @return the measurements, in the order printed
   * @throws IllegalStateException if the server refused the preloaded clicks or its view did not
   *     catch up
   */
  public List<Measurement> run(PrintStream out) throws InterruptedException {
    List<Measurement> results = new ArrayList<>();
    ServePlan plan =
        new ServePlan(
            Duration.ofSeconds(settings.warmupSeconds()),
            Duration.ofSeconds(settings.seconds()),
            settings.rate(),
            settings.clients(),
            settings.lookupRate());
    try (BenchDirectory dir = BenchDirectory.create(settings.directory());
        ClickServer server = ClickServer.start(dir, settings.preload())) {
      List<ServeWorkload> workloads = new ArrayList<>();
      workloads.add(PointLookupWorkload.closedLoop(server, plan));
      if (plan.lookupRate() > 0) {
        workloads.add(PointLookupWorkload.paced(server, plan));
      }
      for (ServeWorkload workload : workloads) {
        JsonLines.printAll(out, workload.measure(), results);
      }
    }
    if (settings.onDemandEvents() > 0) {
      JsonLines.printAll(
          out,
          List.of(
              OnDemandWorkload.measure(
                  settings.directory(), settings.onDemandEvents(), 4, settings.onDemandRuns())),
          results);
    }
    return results;
  }

  /**
   * What to run.
   *
   * @param directory where to create the benchmark's temporary directory, or null for the system
   *     temporary directory
   * @param seconds how long each workload is measured, after its warm-up
   * @param warmupSeconds how long each workload runs before it is measured
   * @param rate clicks per second ingested over HTTP while a workload runs; 0 ingests none
   * @param clients client connections querying, one query in flight each
   * @param lookupRate queries a second of the paced lookups, 0 for none
   * @param preload distinct clicks ingested before the workloads, whose pages are queried
   * @param onDemandEvents events of the stream an on-demand aggregation scans (on a server of its
   *     own), 0 for none
   * @param onDemandRuns on-demand runs after a warm-up run; the median is reported
   */
  public record Settings(
      Path directory,
      int seconds,
      int warmupSeconds,
      int rate,
      int clients,
      int lookupRate,
      int preload,
      long onDemandEvents,
      int onDemandRuns) {

    public static final int DEFAULT_SECONDS = 20;

    /**
     * Long enough for the JIT to reach steady state: on two busy cores C2 was still taking 7% of
     * the CPU 30 s after start, and lookups measured after 5 s ran about 15% slower than after 20.
     */
    public static final int DEFAULT_WARMUP_SECONDS = 20;

    public static final int DEFAULT_RATE = 10_000;
    public static final int DEFAULT_CLIENTS = 32;

    /** The load at which the serving layer's latency target is set. */
    public static final int DEFAULT_LOOKUP_RATE = 20_000;

    public static final int DEFAULT_PRELOAD = 100_000;
    public static final long DEFAULT_ON_DEMAND_EVENTS = 10_000_000;
    public static final int DEFAULT_ON_DEMAND_RUNS = 3;

    public Settings {
      if (seconds < 1 || warmupSeconds < 0) {
        throw new IllegalArgumentException(
            "seconds must be at least 1 and the warm-up not negative, were "
                + seconds
                + " and "
                + warmupSeconds);
      }
      if (rate < 0
          || lookupRate < 0
          || clients < 1
          || preload < 1
          || onDemandEvents < 0
          || onDemandRuns < 1) {
        throw new IllegalArgumentException(
            "rates and on-demand events must not be negative; clients, preload and on-demand runs"
                + " must be positive");
      }
    }

    /**
     * 20 s after a 20 s warm-up, 10,000 clicks/s, 32 clients, paced lookups at 20,000 queries/s,
     * 100,000 preloaded clicks; an on-demand aggregation over 10,000,000 events, median of 3 runs.
     */
    public static Settings defaults() {
      return new Settings(
          null,
          DEFAULT_SECONDS,
          DEFAULT_WARMUP_SECONDS,
          DEFAULT_RATE,
          DEFAULT_CLIENTS,
          DEFAULT_LOOKUP_RATE,
          DEFAULT_PRELOAD,
          DEFAULT_ON_DEMAND_EVENTS,
          DEFAULT_ON_DEMAND_RUNS);
    }

    public Settings withDirectory(Path directory) {
      return copy(c -> c.directory = directory);
    }

    public Settings withSeconds(int seconds, int warmupSeconds) {
      return copy(
          c -> {
            c.seconds = seconds;
            c.warmupSeconds = warmupSeconds;
          });
    }

    public Settings withRate(int rate) {
      return copy(c -> c.rate = rate);
    }

    public Settings withClients(int clients) {
      return copy(c -> c.clients = clients);
    }

    public Settings withLookupRate(int lookupRate) {
      return copy(c -> c.lookupRate = lookupRate);
    }

    public Settings withOnDemand(long onDemandEvents, int onDemandRuns) {
      return copy(
          c -> {
            c.onDemandEvents = onDemandEvents;
            c.onDemandRuns = onDemandRuns;
          });
    }

    public Settings withPreload(int preload) {
      return copy(c -> c.preload = preload);
    }

    /** These settings with the fields {@code change} sets; validated again. */
    private Settings copy(Consumer<Copy> change) {
      Copy copy = new Copy(this);
      change.accept(copy);
      return copy.settings();
    }

    /** The fields of a {@link Settings} being copied, for the {@code with} methods. */
    private static final class Copy {
      private Path directory;
      private int seconds;
      private int warmupSeconds;
      private int rate;
      private int clients;
      private int lookupRate;
      private int preload;
      private long onDemandEvents;
      private int onDemandRuns;

      Copy(Settings from) {
        directory = from.directory;
        seconds = from.seconds;
        warmupSeconds = from.warmupSeconds;
        rate = from.rate;
        clients = from.clients;
        lookupRate = from.lookupRate;
        preload = from.preload;
        onDemandEvents = from.onDemandEvents;
        onDemandRuns = from.onDemandRuns;
      }

      Settings settings() {
        return new Settings(
            directory,
            seconds,
            warmupSeconds,
            rate,
            clients,
            lookupRate,
            preload,
            onDemandEvents,
            onDemandRuns);
      }
    }
  }
}
