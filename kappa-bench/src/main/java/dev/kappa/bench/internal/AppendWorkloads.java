package dev.kappa.bench.internal;

import dev.kappa.bench.Measurement;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append measurements. Each run opens a fresh log in its own directory, appends, closes the log
 * and deletes the directory. Not thread-safe.
 */
public final class AppendWorkloads {

  /** Records per batch in {@code log.append.batched}. */
  public static final int BATCH_RECORDS = 1000;

  /** Appends each batched appender keeps outstanding. */
  public static final int IN_FLIGHT = 4;

  static final String STREAM = "bench";
  private static final int BATCHED_PARTITIONS = 8;

  private final BenchDirectory dir;
  private final RunPlan plan;
  private final long maxRecords;
  private final int recordBytes;

  public AppendWorkloads(BenchDirectory dir, RunPlan plan, long maxRecords, int recordBytes) {
    this.dir = dir;
    this.plan = plan;
    this.maxRecords = maxRecords;
    this.recordBytes = recordBytes;
  }

  /**
   * {@code log.append.batched}: {@code appenders} threads, each appending batches to its own
   * partition of an 8-partition stream, in records/s and MB/s.
   */
  public List<Measurement> batched(int appenders) throws InterruptedException {
    List<NewRecord> batch = Appenders.records(BATCH_RECORDS, recordBytes);
    long perAppender = Math.max(1, maxRecords / appenders);
    List<Sample> samples = new ArrayList<>();
    for (int run = 0; run < plan.runs(); run++) {
      samples.add(
          inFreshLog(
              "batched",
              BATCHED_PARTITIONS,
              log -> {
                Deadline deadline = Deadline.after(plan.perRun());
                return Concurrently.run(
                    appenders,
                    i ->
                        Appenders.batched(log, STREAM, i, batch, IN_FLIGHT, perAppender, deadline));
              }));
    }
    Map<String, Object> context = context(samples, appenders, BATCHED_PARTITIONS);
    context.put("batchRecords", BATCH_RECORDS);
    context.put("inFlight", IN_FLIGHT);
    double rate = Sample.medianRate(samples);
    return List.of(
        new Measurement("log.append.batched", Sample.round(rate, 1), "records/s", context),
        new Measurement(
            "log.append.batched", Sample.round(rate * recordBytes / 1e6, 2), "MB/s", context));
  }

  /**
   * {@code log.append.single}: {@code threads} threads sharing one partition, each appending one
   * record at a time and waiting for it to be durable, in records/s.
   */
  public List<Measurement> single(int threads) throws InterruptedException {
    NewRecord record = Appenders.records(1, recordBytes).getFirst();
    long perThread = Math.max(1, maxRecords / threads);
    List<Sample> samples = new ArrayList<>();
    for (int run = 0; run < plan.runs(); run++) {
      samples.add(
          inFreshLog(
              "single",
              1,
              log -> {
                Deadline deadline = Deadline.after(plan.perRun());
                return Concurrently.run(
                    threads, i -> Appenders.oneByOne(log, STREAM, 0, record, perThread, deadline));
              }));
    }
    double rate = Sample.medianRate(samples);
    return List.of(
        new Measurement(
            "log.append.single", Sample.round(rate, 1), "records/s", context(samples, threads, 1)));
  }

  private Map<String, Object> context(List<Sample> samples, int appenders, int partitions) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("records", Sample.totalRecords(samples));
    context.put("recordBytes", recordBytes);
    context.put("appenders", appenders);
    context.put("partitions", partitions);
    context.put("runs", samples.size());
    context.put("seconds", Sample.totalSeconds(samples));
    return context;
  }

  @FunctionalInterface
  private interface LogRun {
    Sample run(Log log) throws InterruptedException;
  }

  private Sample inFreshLog(String label, int partitions, LogRun body) throws InterruptedException {
    Path runDir = dir.newRun(label);
    try (Log log = EmbeddedLog.open(runDir)) {
      log.createStream(StreamConfig.of(STREAM, partitions));
      return body.run(log);
    } finally {
      BenchDirectory.delete(runDir);
    }
  }
}
