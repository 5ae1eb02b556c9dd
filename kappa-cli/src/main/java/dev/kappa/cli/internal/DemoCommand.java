package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.ViewEngine;
import dev.kappa.engine.examples.PageViews;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamConfig;
import dev.kappa.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kappa demo}: the main job on the embedded default. Starts a view (page views per page per
 * minute) on an empty clickstream, writes sample clicks keyed by user with event times, so the view
 * processes them live; then deploys version 2 of the view, which rebuilds from the log, and checks
 * that the replay gives exactly what live processing gave. Also reads the log back and summarises
 * it. Uses {@code --data} if given, else a fresh temporary directory that it keeps for exploring.
 */
@Command(
    name = "demo",
    description =
        "Run a view live on a sample clickstream, replay it as a new version, compare; summarise"
            + " the log.")
final class DemoCommand implements Callable<Integer> {

  static final String STREAM = "clicks";
  static final int PARTITIONS = 4;
  static final String VIEWS = "views";

  @Spec CommandSpec spec;

  @Option(names = "--events", paramLabel = "N", description = "Events to write (default: 5000).")
  int events = 5000;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the sample data (default: 1).")
  long seed = 1;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (events < 1) {
      throw new IllegalArgumentException("--events must be positive, was " + events);
    }
    KappaCommand root = Commands.root(spec);
    Path dir = root.explicitDataDir();
    if (dir == null) {
      dir = Files.createTempDirectory("kappa-demo-");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Log log = EmbeddedLog.open(dir);
        ViewEngine views = ViewEngine.builder(log, dir.resolve(VIEWS)).build()) {
      if (log.hasStream(STREAM)) {
        throw new CommandFailedException(
            "stream '" + STREAM + "' already exists in " + dir + "; use a fresh --data directory");
      }
      log.createStream(StreamConfig.of(STREAM, PARTITIONS));
      RunningView<String, Long> live = views.start(PageViews.perPagePerMinute(STREAM, 1));
      long started = System.nanoTime();
      write(log);
      out.printf(
          "wrote %d click events keyed by user to stream '%s' (%d partitions) in %s (%d ms)%n",
          events, STREAM, PARTITIONS, dir, (System.nanoTime() - started) / 1_000_000);
      summarise(log, out);
      DemoViews.compareLiveAndReplay(log, views, live, out);
    }
    out.printf(
        "explore: kappa --data %s read %s --partition 0 --max 5 --format json%n", dir, STREAM);
    out.printf(
        "views:   kappa --data %s server --example-views, then kappa view list --server"
            + " http://127.0.0.1:%d%n",
        dir, ServerConfig.DEFAULT_PORT);
    return 0;
  }

  private void write(Log log) throws InterruptedException {
    RecordParser parser = new RecordParser("user", "ts");
    PipelinedAppender appender =
        new PipelinedAppender(log, STREAM, null, null, AppendCommand.MAX_IN_FLIGHT);
    List<NewRecord> batch = new ArrayList<>();
    for (byte[] line : Clickstream.events(events, seed)) {
      batch.add(parser.parse(line));
      if (batch.size() == 1000) {
        appender.submit(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      appender.submit(batch);
    }
    appender.finish();
  }

  private void summarise(Log log, PrintWriter out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> pages = new TreeMap<>();
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    List<LogRecord> first = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      PartitionInfo info = log.partition(STREAM, p);
      out.printf(
          "  partition %d: %d records, offsets %d..%d%n",
          p, info.durableEnd() - info.startOffset(), info.startOffset(), info.durableEnd() - 1);
      for (long offset = info.startOffset(); offset < info.durableEnd(); ) {
        ReadResult r = log.read(STREAM, p, offset, ReadCommand.READ_BYTES);
        for (LogRecord record : r.records()) {
          pages.merge(json.readTree(record.value()).get("page").asText(), 1, Integer::sum);
          minTime = Math.min(minTime, record.eventTime());
          maxTime = Math.max(maxTime, record.eventTime());
          if (p == 0 && first.size() < 3) {
            first.add(record);
          }
        }
        offset = r.nextOffset();
      }
    }
    out.printf(
        "read back %d events with event times %s .. %s%n",
        pages.values().stream().mapToInt(Integer::intValue).sum(),
        Instant.ofEpochMilli(minTime),
        Instant.ofEpochMilli(maxTime));
    out.println("events per page:");
    pages.forEach((page, count) -> out.printf("  %-12s %6d%n", page, count));
    out.println("first records of partition 0 (offset, key, event time, value):");
    for (LogRecord r : first) {
      out.printf(
          "  %d  %s  %s  %s%n",
          r.offset(),
          new String(r.key(), StandardCharsets.UTF_8),
          Instant.ofEpochMilli(r.eventTime()),
          r.valueAsString());
    }
  }
}
