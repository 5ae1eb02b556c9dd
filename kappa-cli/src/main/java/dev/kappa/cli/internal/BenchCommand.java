package dev.kappa.cli.internal;

import dev.kappa.bench.IngestBenchmark;
import dev.kappa.bench.LogBenchmark;
import dev.kappa.bench.ReplayBenchmark;
import dev.kappa.bench.ServeBenchmark;
import dev.kappa.bench.ViewBenchmark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kappa bench log|ingest|views|replay|serve}: runs {@link LogBenchmark}, {@link
 * IngestBenchmark}, {@link ViewBenchmark}, {@link ReplayBenchmark} or {@link ServeBenchmark}, one
 * JSON line per measurement.
 */
@Command(
    name = "bench",
    description = "Run benchmarks.",
    subcommands = {
      BenchCommand.LogBench.class,
      BenchCommand.IngestBench.class,
      BenchCommand.ViewsBench.class,
      BenchCommand.ReplayBench.class,
      BenchCommand.ServeBench.class
    })
final class BenchCommand {

  @Command(
      name = "log",
      description = {
        "Measure the log's append and read throughput; print one JSON line per measurement.",
        "Works in a temporary directory inside --data (or the system temporary directory when"
            + " --data is not given) and deletes it afterwards."
      })
  static final class LogBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--records",
        paramLabel = "N",
        description = "The most records one run writes (default: ${DEFAULT-VALUE}).")
    long records = LogBenchmark.Settings.DEFAULT_RECORDS;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description = "About how long the whole benchmark takes (default: ${DEFAULT-VALUE}).")
    long seconds = LogBenchmark.Settings.DEFAULT_DURATION.toSeconds();

    @Option(
        names = "--runs",
        paramLabel = "R",
        description = "Runs per measurement; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs = LogBenchmark.Settings.DEFAULT_RUNS;

    @Override
    public Integer call() throws InterruptedException {
      if (seconds < 1) {
        throw new IllegalArgumentException("--seconds must be at least 1, was " + seconds);
      }
      LogBenchmark.Settings settings =
          LogBenchmark.Settings.defaults()
              .withDirectory(Commands.root(spec).explicitDataDir())
              .withRecords(records)
              .withDuration(Duration.ofSeconds(seconds))
              .withRuns(runs);
      PrintWriter out = spec.commandLine().getOut();
      new LogBenchmark(settings)
          .run(new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(
      name = "ingest",
      description = {
        "Measure HTTP ingest into an Avro stream of a server started in this process: NDJSON"
            + " batches (events/s) and single-event requests from 32 clients (requests/s, p50 and"
            + " p99 latency); print one JSON line per measurement.",
        "Every acknowledged event is validated and durable. Works in a temporary directory"
            + " inside --data (or the system temporary directory when --data is not given) and"
            + " deletes it afterwards."
      })
  static final class IngestBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--events",
        paramLabel = "N",
        description = "The most events one run sends (default: ${DEFAULT-VALUE}).")
    long events = IngestBenchmark.Settings.DEFAULT_EVENTS;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description =
            "About how long the measurements take, server start-ups aside (default:"
                + " ${DEFAULT-VALUE}).")
    long seconds = IngestBenchmark.Settings.DEFAULT_DURATION.toSeconds();

    @Option(
        names = "--runs",
        paramLabel = "R",
        description = "Runs per measurement; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs = IngestBenchmark.Settings.DEFAULT_RUNS;

    @Override
    public Integer call() throws InterruptedException {
      if (seconds < 1) {
        throw new IllegalArgumentException("--seconds must be at least 1, was " + seconds);
      }
      IngestBenchmark.Settings settings =
          IngestBenchmark.Settings.defaults()
              .withDirectory(Commands.root(spec).explicitDataDir())
              .withEvents(events)
              .withDuration(Duration.ofSeconds(seconds))
              .withRuns(runs);
      PrintWriter out = spec.commandLine().getOut();
      new IngestBenchmark(settings)
          .run(new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(
      name = "views",
      description = {
        "Measure views on Nexmark-style auction data (92%% bids, ~100-byte Avro events) replayed"
            + " from the log with RocksDB state and exactly-once commits: q7 (highest bid per 10 s"
            + " window), q5 (bids per auction, 10 s windows sliding every 2 s), a view with"
            + " --distinct-keys keys (with peak heap), and live latency from append"
            + " acknowledgement to view commit; print one JSON line per measurement.",
        "Works in a temporary directory inside --data (or the system temporary directory when"
            + " --data is not given) and deletes it afterwards."
      })
  static final class ViewsBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--events",
        paramLabel = "N",
        description = "Events per replay (default: ${DEFAULT-VALUE}).")
    long events = ViewBenchmark.Settings.DEFAULT_EVENTS;

    @Option(
        names = "--distinct-keys",
        paramLabel = "K",
        description = "Distinct keys in the many-keys replay (default: ${DEFAULT-VALUE}).")
    long distinctKeys = ViewBenchmark.Settings.defaults().distinctKeys();

    @Option(
        names = "--runs",
        paramLabel = "R",
        description = "Runs per replay; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs = ViewBenchmark.Settings.defaults().runs();

    @Option(
        names = "--live-rate",
        paramLabel = "EPS",
        description = "Events/s in the live-latency measurement (default: ${DEFAULT-VALUE}).")
    int liveRate = ViewBenchmark.Settings.defaults().liveRate();

    @Option(
        names = "--live-seconds",
        paramLabel = "S",
        description = "How long the live-latency measurement runs (default: ${DEFAULT-VALUE}).")
    int liveSeconds = ViewBenchmark.Settings.defaults().liveSeconds();

    @Override
    public Integer call() throws InterruptedException {
      ViewBenchmark.Settings settings =
          ViewBenchmark.Settings.defaults()
              .withDirectory(Commands.root(spec).explicitDataDir())
              .withEvents(events)
              .withDistinctKeys(distinctKeys)
              .withRuns(runs)
              .withLive(liveRate, liveSeconds);
      PrintWriter out = spec.commandLine().getOut();
      new ViewBenchmark(settings)
          .run(new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(
      name = "replay",
      description = {
        "Measure reprocessing: q7 and q5 rebuilt as a second run beside their live version"
            + " (events/s), a live view's append-to-commit latency while another view replays,"
            + " and, through a server in this process, the query pause when a replayed build of"
            + " the example view page-views-per-minute cuts over; print one JSON line per"
            + " measurement.",
        "Works in a temporary directory inside --data (or the system temporary directory when"
            + " --data is not given) and deletes it afterwards."
      })
  static final class ReplayBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--events",
        paramLabel = "N",
        description = "Nexmark events each replay reads (default: ${DEFAULT-VALUE}).")
    long events = ReplayBenchmark.Settings.DEFAULT_EVENTS;

    @Option(
        names = "--runs",
        paramLabel = "R",
        description = "Runs per replay; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs = ReplayBenchmark.Settings.defaults().runs();

    @Option(
        names = "--rate",
        paramLabel = "EPS",
        description =
            "Events/s appended to the live view during a replay (default: ${DEFAULT-VALUE}).")
    int rate = ReplayBenchmark.Settings.defaults().liveRate();

    @Option(
        names = "--live-seconds",
        paramLabel = "S",
        description =
            "The least time the live view is measured, if the replay is quicker (default:"
                + " ${DEFAULT-VALUE}).")
    int liveSeconds = ReplayBenchmark.Settings.defaults().liveSeconds();

    @Option(
        names = "--clicks",
        paramLabel = "N",
        description =
            "Clicks ingested before the server's view is replayed (default: ${DEFAULT-VALUE}).")
    long clicks = ReplayBenchmark.Settings.DEFAULT_CLICKS;

    @Option(
        names = "--query-threads",
        paramLabel = "T",
        description = "Threads querying the server's view (default: ${DEFAULT-VALUE}).")
    int queryThreads = ReplayBenchmark.Settings.defaults().queryThreads();

    @Override
    public Integer call() throws InterruptedException {
      ReplayBenchmark.Settings settings =
          ReplayBenchmark.Settings.defaults()
              .withDirectory(Commands.root(spec).explicitDataDir())
              .withEvents(events)
              .withRuns(runs)
              .withLive(rate, liveSeconds)
              .withClicks(clicks)
              .withQueryThreads(queryThreads);
      PrintWriter out = spec.commandLine().getOut();
      new ReplayBenchmark(settings)
          .run(new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(
      name = "serve",
      description = {
        "Measure serving through a server in this process running the example view"
            + " page-views-per-minute over a click stream: point lookups by page from --clients"
            + " keep-alive connections while clicks are ingested at --rate events/s (queries/s,"
            + " p50, p99 and max latency, failed queries, ingest rate achieved): first as a closed"
            + " loop, each connection sending its next query on its answer (the queries/s the"
            + " server can answer), then paced at --lookup-rate queries/s, each query's latency"
            + " counted from when it was due (the latency clients see at that load); then an"
            + " on-demand aggregation over --on-demand-events events (events/s scanned); print one"
            + " JSON line per measurement.",
        "The clients share the machine's cores with the server; each line says how many cores"
            + " the process, the clients and the server used. Works in a temporary directory"
            + " inside --data (or the system temporary directory when --data is not given) and"
            + " deletes it afterwards."
      })
  static final class ServeBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description = "How long each workload is measured (default: ${DEFAULT-VALUE}).")
    int seconds = ServeBenchmark.Settings.DEFAULT_SECONDS;

    @Option(
        names = "--warmup",
        paramLabel = "S",
        description =
            "How long each workload runs before it is measured (default: ${DEFAULT-VALUE}).")
    int warmup = ServeBenchmark.Settings.DEFAULT_WARMUP_SECONDS;

    @Option(
        names = "--rate",
        paramLabel = "EPS",
        description = "Clicks/s ingested while querying; 0 for none (default: ${DEFAULT-VALUE}).")
    int rate = ServeBenchmark.Settings.DEFAULT_RATE;

    @Option(
        names = "--clients",
        paramLabel = "C",
        description =
            "Client connections querying, one query in flight each (default: ${DEFAULT-VALUE}).")
    int clients = ServeBenchmark.Settings.DEFAULT_CLIENTS;

    @Option(
        names = "--lookup-rate",
        paramLabel = "QPS",
        description =
            "Queries/s of the paced lookups, on the --clients connections; 0 for none"
                + " (default: ${DEFAULT-VALUE}).")
    int lookupRate = ServeBenchmark.Settings.DEFAULT_LOOKUP_RATE;

    @Option(
        names = "--on-demand-events",
        paramLabel = "N",
        description =
            "Events an on-demand aggregation scans, on a server of its own; 0 for none"
                + " (default: ${DEFAULT-VALUE}).")
    long onDemandEvents = ServeBenchmark.Settings.DEFAULT_ON_DEMAND_EVENTS;

    @Option(
        names = "--on-demand-runs",
        paramLabel = "R",
        description =
            "On-demand runs after a warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
    int onDemandRuns = ServeBenchmark.Settings.DEFAULT_ON_DEMAND_RUNS;

    @Override
    public Integer call() throws InterruptedException {
      ServeBenchmark.Settings settings =
          ServeBenchmark.Settings.defaults()
              .withDirectory(Commands.root(spec).explicitDataDir())
              .withSeconds(seconds, warmup)
              .withRate(rate)
              .withClients(clients)
              .withLookupRate(lookupRate)
              .withOnDemand(onDemandEvents, onDemandRuns);
      PrintWriter out = spec.commandLine().getOut();
      new ServeBenchmark(settings)
          .run(new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8));
      return 0;
    }
  }

  /** Bytes written to a PrintWriter, for APIs that want a PrintStream. Output is ASCII JSON. */
  private static final class WriterStream extends OutputStream {
    private final PrintWriter out;

    WriterStream(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void flush() {
      out.flush();
    }
  }
}
