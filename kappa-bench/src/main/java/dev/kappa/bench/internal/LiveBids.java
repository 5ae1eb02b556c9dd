package dev.kappa.bench.internal;

import dev.kappa.engine.RunningView;
import dev.kappa.engine.View;
import dev.kappa.engine.examples.NexmarkDecoder;
import dev.kappa.engine.examples.NexmarkEvent;
import dev.kappa.engine.examples.NexmarkViews;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.schema.ValueCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Bids appended live to a one-partition Avro stream at a steady rate, in 1 ms batches, and per
 * batch the time from the append's acknowledgement to the batch being in a running view's committed
 * state. Not thread-safe.
 */
final class LiveBids {

  private final Log log;
  private final ValueCodec codec;
  private final String stream;
  private final SchemaVersion version;

  private LiveBids(Log log, ValueCodec codec, String stream, SchemaVersion version) {
    this.log = log;
    this.codec = codec;
    this.stream = stream;
    this.version = version;
  }

  /** Creates {@code stream} with one partition and the Nexmark schema. */
  static LiveBids create(Log log, SchemaRegistry registry, String stream) {
    log.createStream(StreamConfig.of(stream, 1));
    registry.define(StreamModel.avro(stream));
    SchemaVersion version = registry.register(stream, NexmarkEvent.SCHEMA);
    return new LiveBids(log, registry.codec(), stream, version);
  }

  /** Bids per auction over the live stream: the view whose latency is measured. */
  View<Long, Long> view() {
    return NexmarkViews.bidsPerAuction(stream, new NexmarkDecoder(codec, version));
  }

  /**
   * Appends batches at {@code rate} events/s while {@code more} accepts the number of batches
   * appended so far, then waits for every batch to be committed by {@code running}.
   *
   * @return the latency of each batch in nanoseconds, sorted ascending
   * @throws IllegalStateException if the view did not commit every batch within two minutes
   */
  long[] append(RunningView<?, ?> running, int rate, LongPredicate more)
      throws InterruptedException {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    GenericRecord event = new GenericData.Record(version.schema());
    int perBatch = Math.max(1, rate / 1000);
    long intervalNanos = 1_000_000_000L * perBatch / rate;
    long begin = System.nanoTime();
    List<CompletableFuture<?>> all = new ArrayList<>();
    long id = 0;
    for (long b = 0; more.test(b); b++) {
      long due = begin + b * intervalNanos;
      while (System.nanoTime() < due) {
        LockSupport.parkNanos(due - System.nanoTime());
      }
      List<NewRecord> batch = new ArrayList<>(perBatch);
      long now = System.currentTimeMillis();
      for (int i = 0; i < perBatch; i++, id++) {
        event.put("kind", 2);
        event.put("id", id);
        event.put("auction", id % 100);
        event.put("bidder", id % 1000);
        event.put("price", 100 + id % 1000);
        event.put("channel", "Google");
        event.put("url", "https://www.nexmark.com/item/" + id % 100);
        event.put("dateTime", now);
        event.put("extra", "n".repeat(28));
        batch.add(new NewRecord(null, codec.encode(version, event), List.of(), now));
      }
      all.add(
          log.append(stream, 0, batch)
              .thenCompose(
                  result -> {
                    long acked = System.nanoTime();
                    return running
                        .awaitCommitted(stream, 0, result.lastOffset())
                        .thenRun(() -> latencies.add(System.nanoTime() - acked));
                  }));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("live measurement failed: " + running.status(), e);
    }
    return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
  }
}
