package dev.kappa.cli.internal;

import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.log.Log;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa read}: prints a stream's records, one per line. Without {@code --partition} it reads
 * every partition in turn, partition 0 first. Only durable records are ever printed. Values of Avro
 * streams are printed as JSON ({@link ValueText}). With {@code --server} it reads through a running
 * server instead of the data directory, which the server holds, and prints the same lines ({@link
 * ServerReader}).
 */
@Command(
    name = "read",
    description = {
      "Print a stream's records, one per line (values of Avro streams as JSON).",
      "With --server it reads through a running server (which holds the data directory) and"
          + " prints the same lines; with --follow it tails the stream through the server."
    })
final class ReadCommand implements Callable<Integer> {

  static final int READ_BYTES = 1 << 20;
  static final Duration FOLLOW_WAIT = Duration.ofMillis(500);

  @Spec CommandSpec spec;

  @Mixin ServerOption server = new ServerOption();

  @Parameters(paramLabel = "STREAM", description = "The stream to read.")
  String stream;

  @Option(
      names = "--partition",
      paramLabel = "P",
      description = "Read only this partition (default: all, in partition order).")
  Integer partition;

  @ArgGroup(exclusive = true)
  Start start = new Start();

  static final class Start {
    @Option(
        names = "--from-offset",
        paramLabel = "N",
        description = "Start at this offset in each partition (default: the oldest).")
    Long offset;

    @Option(
        names = "--from-time",
        paramLabel = "T",
        description = "Start at the first record with event time >= T (epoch millis or ISO-8601).")
    String time;
  }

  @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
  long max = Long.MAX_VALUE;

  @Option(names = "--follow", description = "Keep waiting for new records until interrupted.")
  boolean follow;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "value (default) or json (${COMPLETION-CANDIDATES}).")
  RecordPrinter.Format format = RecordPrinter.Format.value;

  private long printed;
  private boolean outputClosed;

  @Override
  public Integer call() throws InterruptedException {
    if (max < 0) {
      throw new IllegalArgumentException("--max must not be negative, was " + max);
    }
    Long fromTime = start.time == null ? null : Times.parse(start.time);
    PrintWriter out = spec.commandLine().getOut();
    RecordPrinter printer = new RecordPrinter(out, format);
    if (server.given()) {
      try (KappaHttpClient http = server.connect()) {
        new ServerReader(http, stream, printer, max)
            .read(partition, start.offset, fromTime, follow);
      } finally {
        printer.flush();
      }
      return 0;
    }
    try (Log log = Commands.root(spec).openExistingLog()) {
      StreamInfo info = log.describeStream(stream);
      printer = new RecordPrinter(out, format, ValueText.forStream(log, stream));
      List<Integer> partitions =
          partition != null
              ? List.of(checkPartition(log, partition))
              : IntStream.range(0, info.config().partitions()).boxed().toList();
      long[] next = new long[partitions.size()];
      for (int i = 0; i < next.length; i++) {
        next[i] = startOffset(log, partitions.get(i), fromTime);
        next[i] = drain(log, partitions.get(i), next[i], printer);
      }
      printer.flush();
      while (follow && more()) {
        for (int i = 0; i < next.length && more(); i++) {
          Duration wait = FOLLOW_WAIT.dividedBy(next.length);
          ReadResult r = log.poll(stream, partitions.get(i), next[i], READ_BYTES, wait);
          next[i] = print(r, next[i], printer);
          next[i] = drain(log, partitions.get(i), next[i], printer);
          outputClosed = printer.outputClosed();
        }
      }
    } finally {
      printer.flush();
    }
    return 0;
  }

  private int checkPartition(Log log, int p) {
    log.partition(stream, p); // throws UnknownPartitionException
    return p;
  }

  /**
   * Where to start in partition {@code p}. With one partition an out-of-range {@code --from-offset}
   * is an error; with all of them it is clamped to each partition's range.
   */
  private long startOffset(Log log, int p, Long fromTime) {
    if (fromTime != null) {
      return log.offsetForTime(stream, p, fromTime);
    }
    PartitionInfo info = log.partition(stream, p);
    if (start.offset == null) {
      return info.startOffset();
    }
    if (partition != null) {
      return start.offset;
    }
    return Math.min(Math.max(start.offset, info.startOffset()), info.durableEnd());
  }

  /** Prints every durable record from {@code offset} on; returns the offset to read next. */
  private long drain(Log log, int p, long offset, RecordPrinter printer) {
    while (more()) {
      ReadResult r = log.read(stream, p, offset, READ_BYTES);
      if (r.isEmpty()) {
        break;
      }
      offset = print(r, offset, printer);
      outputClosed = printer.outputClosed();
    }
    return offset;
  }

  /** Whether to keep printing: below {@code --max} and someone is still reading the output. */
  private boolean more() {
    return printed < max && !outputClosed;
  }

  /**
   * Prints the records of {@code r} from {@code from} on (a result may start earlier, inside the
   * batch holding {@code from}), up to the {@code --max} limit.
   *
   * @return the offset after the last record printed
   */
  private long print(ReadResult r, long from, RecordPrinter printer) {
    long[] next = {from};
    r.forEach(
        record -> {
          if (record.offset() >= from && printed < max) {
            printer.print(record);
            printed++;
            next[0] = record.offset() + 1;
          }
        });
    // Below the limit every record at or after from was printed, so all of r is consumed.
    return printed < max ? Math.max(r.nextOffset(), from) : next[0];
  }
}
