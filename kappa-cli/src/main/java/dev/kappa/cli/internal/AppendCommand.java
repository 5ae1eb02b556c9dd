package dev.kappa.cli.internal;

import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa append}: one record per input line, appended in large pipelined batches. Every
 * record reported as appended (by {@code --report-acks} or the summary) is durable.
 */
@Command(
    name = "append",
    description = {
      "Append one record per input line (NDJSON or plain text) to a stream.",
      "The record's value is the line's bytes; with --key-field or --time-field each line is"
          + " parsed as a JSON object and the key or event time taken from that field.",
      "Streams with an Avro schema take events through 'kappa ingest' instead."
    })
final class AppendCommand implements Callable<Integer> {

  /** A batch closes at this many bytes of values even if it has fewer lines than the limit. */
  static final int MAX_BATCH_BYTES = 1 << 20;

  /** Batches appended but not yet durable, at most. */
  static final int MAX_IN_FLIGHT = 8;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "STREAM", description = "The stream to append to.")
  String stream;

  @Option(names = "--file", paramLabel = "F", description = "Read this file (default: stdin).")
  Path file;

  @Option(
      names = "--partition",
      paramLabel = "P",
      description = "Append to this partition (default: by key, round-robin without keys).")
  Integer partition;

  @Option(names = "--key-field", paramLabel = "F", description = "JSON field holding the key.")
  String keyField;

  @Option(
      names = "--time-field",
      paramLabel = "F",
      description = "JSON field holding the event time: epoch millis or ISO-8601.")
  String timeField;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Lines per appended batch, at most (default: ${DEFAULT-VALUE}).")
  int batchSize = 4096;

  @Option(
      names = "--report-acks",
      description = "Print 'acked <partition> <lastOffset>' as each batch becomes durable.")
  boolean reportAcks;

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be positive, was " + batchSize);
    }
    KappaCommand root = Commands.root(spec);
    RecordParser parser = new RecordParser(keyField, timeField);
    long started = System.nanoTime();
    long records;
    try (InputStream in = file == null ? root.stdin() : open(file);
        Log log = root.openLog()) {
      // Fail on an unknown stream or partition before reading any input.
      log.describeStream(stream);
      refuseAvroStream(log);
      if (partition != null) {
        log.partition(stream, partition);
      }
      PrintWriter acks = reportAcks ? spec.commandLine().getOut() : null;
      PipelinedAppender appender =
          new PipelinedAppender(log, stream, partition, acks, MAX_IN_FLIGHT);
      try {
        pump(new LineSource(in), parser, appender);
        appender.finish();
      } catch (RuntimeException | IOException e) {
        appender.awaitOutstanding();
        throw new CommandFailedException(
            CliErrors.message(e)
                + " ("
                + appender.durableRecords()
                + " records were appended and are durable, the rest were not)",
            CliErrors.exitCode(e),
            e);
      }
      records = appender.durableRecords();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    spec.commandLine()
        .getErr()
        .printf(
            Locale.ROOT,
            "appended %d records to %s in %.3f s (%.0f records/s)%n",
            records,
            stream,
            seconds,
            records / Math.max(seconds, 1e-9));
    return 0;
  }

  private void pump(LineSource lines, RecordParser parser, PipelinedAppender appender)
      throws IOException, InterruptedException {
    List<NewRecord> batch = new ArrayList<>();
    long batchBytes = 0;
    for (byte[] line = lines.next(); line != null; line = lines.next()) {
      if (parser.parsesJson() && isBlank(line)) {
        continue;
      }
      try {
        batch.add(parser.parse(line));
      } catch (IllegalArgumentException e) {
        throw new CommandFailedException("line " + lines.lineNumber() + ": " + e.getMessage());
      }
      batchBytes += line.length;
      if (batch.size() >= batchSize || batchBytes >= MAX_BATCH_BYTES) {
        appender.submit(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
    }
    if (!batch.isEmpty()) {
      appender.submit(batch);
    }
  }

  /** Avro streams hold encoded, validated values; raw lines would be unreadable among them. */
  private void refuseAvroStream(Log log) {
    if (log.hasStream(SchemaRegistry.STREAM)
        && SchemaRegistry.open(log).model(stream).map(m -> !m.schemaless()).orElse(false)) {
      throw new CommandFailedException(
          "stream '"
              + stream
              + "' has an Avro schema, so its events must be validated and encoded;"
              + " use 'kappa ingest "
              + stream
              + " FILE' instead");
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new CommandFailedException("cannot read " + file + ": " + CliErrors.message(e), e);
    }
  }
}
