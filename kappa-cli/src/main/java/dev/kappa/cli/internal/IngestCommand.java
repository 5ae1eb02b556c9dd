package dev.kappa.cli.internal;

import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.log.StreamConfig;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa ingest}: sends events, one per input line, to the ingest endpoint in pipelined
 * batches. Each batch is validated against the stream's model and answered once durable, exactly as
 * for any HTTP client.
 *
 * <p>Without {@code --server} the command starts a server of its own on a free loopback port over
 * the data directory for the duration of the command, so events take the very same validation,
 * dead-letter and idempotency path; the directory must not be held by another process then.
 *
 * <p>Exit codes: 0 when every batch was accepted; 1 when a batch was rejected (each invalid event
 * is printed with its line, index, code, path and message, and nothing of that batch was appended)
 * or a request failed. The summary line on stderr always says what was appended.
 */
@Command(
    name = "ingest",
    description = {
      "Send events, one JSON value per line of FILE ('-' for stdin), to a stream through the"
          + " ingest API: validated against the stream's schema, durable before acknowledged.",
      "Without --server, a server is started in-process over --data for the command's duration.",
      "With --in-flight above 1 batches may be appended out of input order; use --in-flight 1 to"
          + " keep it. A retry with the same --idempotency-key, input and --batch-size appends"
          + " nothing twice."
    })
final class IngestCommand implements Callable<Integer> {

  /** A batch closes at about this many bytes, well below the server's default body limit. */
  static final long MAX_BATCH_BYTES = 4L << 20;

  /** Printed rejected events, at most; the rest are counted. */
  static final int MAX_PRINTED_ERRORS = 100;

  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  @Spec CommandSpec spec;

  @Mixin ServerOption server = new ServerOption();

  @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
  String stream;

  @Parameters(index = "1", paramLabel = "FILE", description = "The input file, or - for stdin.")
  String file;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description =
          "application/x-ndjson (default: a batch of lines per request), application/json (one"
              + " event per request) or application/cloudevents-batch+json (each line a"
              + " structured CloudEvent; a batch is sent as one JSON array).")
  String contentType = IngestFormat.NDJSON.mediaType();

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Events per request, at most (default: ${DEFAULT-VALUE}).")
  int batchSize = 1000;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      description = "Requests awaiting their answer, at most (default: ${DEFAULT-VALUE}).")
  int inFlight = 4;

  @Option(
      names = "--on-invalid",
      paramLabel = "MODE",
      description =
          "reject (default): a batch with an invalid event is refused whole and the command"
              + " stops; deadletter: valid events are appended, invalid ones go to"
              + " <stream>.deadletter.")
  String onInvalid = "reject";

  @Option(
      names = "--idempotency-key",
      paramLabel = "K",
      description =
          "Send batch n with 'Idempotency-Key: K-n', so events the server has seen within its"
              + " idempotency window are reported as duplicates instead of appended again.")
  String idempotencyKey;

  @Option(
      names = "--report-acks",
      description =
          "Print 'acked <partition> <lastOffset>' per partition as each batch becomes durable"
              + " ('dead-lettered <partition> <lastOffset>' for the dead-letter stream).")
  boolean reportAcks;

  @Override
  public Integer call() throws Exception {
    IngestFormat format = checkOptions();
    KappaCommand root = Commands.root(spec);
    try (InputStream in = file.equals("-") ? root.stdin() : open(Path.of(file));
        Target target = target(root)) {
      // Fail on an unknown stream before reading any input.
      target.http().get("/streams/" + stream).orThrow();
      return run(target.http(), format, new LineSource(in));
    }
  }

  private IngestFormat checkOptions() {
    StreamConfig.validateName(stream);
    IngestFormat format = IngestFormat.of(contentType);
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be positive, was " + batchSize);
    }
    if (inFlight < 1) {
      throw new IllegalArgumentException("--in-flight must be positive, was " + inFlight);
    }
    if (!onInvalid.equals("reject") && !onInvalid.equals("deadletter")) {
      throw new IllegalArgumentException(
          "--on-invalid must be reject or deadletter, was '" + onInvalid + "'");
    }
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new IllegalArgumentException(
          "--idempotency-key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
    return format;
  }

  private int run(KappaHttpClient http, IngestFormat format, LineSource lines)
      throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    IngestPipeline pipeline =
        new IngestPipeline(
            http,
            stream,
            format,
            onInvalid.equals("deadletter"),
            idempotencyKey,
            reportAcks ? spec.commandLine().getOut() : null,
            inFlight);
    EventBatcher batcher = new EventBatcher(lines, format, batchSize, MAX_BATCH_BYTES);
    long started = System.nanoTime();
    RuntimeException inputFailure = null;
    try {
      for (EventBatch b = batcher.next(); b != null && pipeline.submit(b); b = batcher.next()) {
        // submitted
      }
    } catch (IOException | RuntimeException e) {
      inputFailure =
          e instanceof RuntimeException r
              ? r
              : new CommandFailedException("cannot read " + file + ": " + CliErrors.message(e), e);
    } finally {
      pipeline.finish();
    }
    long nanos = System.nanoTime() - started;
    printRejections(err, pipeline.rejections());
    err.println(pipeline.tally().summary(stream, nanos));
    err.flush();
    RuntimeException failure = inputFailure != null ? inputFailure : pipeline.failure();
    if (failure != null) {
      throw failure;
    }
    return pipeline.rejections().isEmpty() ? 0 : CliErrors.FAILED;
  }

  /**
   * Prints each rejected batch's headline and, up to {@link #MAX_PRINTED_ERRORS} in all, its
   * invalid events: line, index, code, path and message.
   */
  private static void printRejections(PrintWriter err, List<IngestPipeline.Rejection> rejections) {
    int printed = 0;
    int hidden = 0;
    for (IngestPipeline.Rejection r : rejections) {
      EventBatch batch = r.batch();
      err.println(
          "kappa: batch "
              + batch.number()
              + " (lines "
              + batch.lineOf(0)
              + ".."
              + batch.lineOf(batch.size() - 1)
              + ") was rejected: "
              + r.errors().size()
              + " of "
              + batch.size()
              + " events are invalid, so none of the batch was appended");
      for (IngestPipeline.EventError e : r.errors()) {
        if (printed == MAX_PRINTED_ERRORS) {
          hidden++;
          continue;
        }
        printed++;
        err.println(
            "kappa: line "
                + batch.lineOf(e.index())
                + " (index "
                + e.index()
                + " of batch "
                + batch.number()
                + "): "
                + e.code()
                + (e.path() == null ? "" : " at " + e.path())
                + ": "
                + e.message());
      }
    }
    if (hidden > 0) {
      err.println("kappa: … and " + hidden + " more invalid events");
    }
  }

  /** Where requests go: the given server, or one started here over the data directory. */
  private record Target(KappaHttpClient http, KappaServer embedded) implements AutoCloseable {
    @Override
    public void close() {
      try {
        http.close();
      } finally {
        if (embedded != null) {
          embedded.close();
        }
      }
    }
  }

  private Target target(KappaCommand root) {
    if (server.given()) {
      return new Target(server.connect(), null);
    }
    Path dir = root.requireExistingDataDir();
    KappaServer embedded =
        KappaServer.start(
            ServerConfig.builder().dataDir(dir).host(ServerConfig.DEFAULT_HOST).port(0).build());
    try {
      return new Target(
          KappaHttpClient.connect(embedded.uri().toString(), server.timeout()), embedded);
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new CommandFailedException("cannot read " + file + ": " + CliErrors.message(e), e);
    }
  }
}
