package dev.kappa.bench.internal;

import dev.kappa.bench.Measurement;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read measurement: fills one partition with batched appends, then reads it from start to end
 * once per run with {@link ReadResult#forEach}. Not thread-safe.
 */
public final class ReadWorkload {

  /** Bytes asked for per read call. */
  static final int READ_BYTES = 1 << 20;

  /** A run repeats whole passes until it has taken at least this long, to time it reliably. */
  private static final long MIN_RUN_NANOS = 200_000_000L;

  private final BenchDirectory dir;
  private final RunPlan plan;
  private final long maxRecords;
  private final int recordBytes;

  public ReadWorkload(BenchDirectory dir, RunPlan plan, long maxRecords, int recordBytes) {
    this.dir = dir;
    this.plan = plan;
    this.maxRecords = maxRecords;
    this.recordBytes = recordBytes;
  }

  /** {@code log.read.sequential} in records/s and MB/s. */
  public List<Measurement> sequential() throws InterruptedException {
    Path runDir = dir.newRun("read");
    try (Log log = EmbeddedLog.open(runDir)) {
      log.createStream(StreamConfig.of(AppendWorkloads.STREAM, 1));
      long written =
          Appenders.batched(
              log,
              AppendWorkloads.STREAM,
              0,
              Appenders.records(AppendWorkloads.BATCH_RECORDS, recordBytes),
              AppendWorkloads.IN_FLIGHT,
              maxRecords,
              Deadline.after(plan.perRun()));
      List<Sample> samples = new ArrayList<>();
      for (int run = 0; run < plan.runs(); run++) {
        samples.add(timedPasses(log, written));
      }
      double rate = Sample.medianRate(samples);
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("records", Sample.totalRecords(samples));
      context.put("recordBytes", recordBytes);
      context.put("partitionRecords", written);
      context.put("runs", samples.size());
      context.put("seconds", Sample.totalSeconds(samples));
      return List.of(
          new Measurement("log.read.sequential", Sample.round(rate, 1), "records/s", context),
          new Measurement(
              "log.read.sequential", Sample.round(rate * recordBytes / 1e6, 2), "MB/s", context));
    } finally {
      BenchDirectory.delete(runDir);
    }
  }

  private static Sample timedPasses(Log log, long expected) {
    long begin = System.nanoTime();
    long records = 0;
    do {
      records += pass(log, expected);
    } while (System.nanoTime() - begin < MIN_RUN_NANOS);
    return new Sample(records, System.nanoTime() - begin);
  }

  /** Reads the whole partition, touching every value byte count, and checks nothing is missing. */
  private static long pass(Log log, long expected) {
    long[] seen = new long[2];
    long offset = 0;
    while (offset < expected) {
      ReadResult result = log.read(AppendWorkloads.STREAM, 0, offset, READ_BYTES);
      if (result.isEmpty()) {
        throw new IllegalStateException("read nothing at offset " + offset + " of " + expected);
      }
      result.forEach(
          record -> {
            seen[0]++;
            seen[1] += record.value().remaining();
          });
      offset = result.nextOffset();
    }
    if (seen[0] != expected) {
      throw new IllegalStateException("read " + seen[0] + " records, expected " + expected);
    }
    return seen[0];
  }
}
