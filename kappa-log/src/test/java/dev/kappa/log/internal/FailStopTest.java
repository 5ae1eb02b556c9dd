package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.LogOptions;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.SegmentInspector;
import dev.kappa.log.StreamConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed fsync stops the log for good (fail-stop), without losing what was acknowledged; and
 * group commit shares fsyncs between concurrent appenders without acknowledging early.
 */
class FailStopTest {

  @TempDir Path dir;

  /** Counts {@code force} calls; the one numbered {@code failAt} (1-based) throws. */
  private static final class FailingSync implements FileSync {
    final AtomicInteger forces = new AtomicInteger();
    volatile int failAt = Integer.MAX_VALUE;

    @Override
    public void force(FileChannel channel) throws IOException {
      if (forces.incrementAndGet() == failAt) {
        throw new IOException("injected: fsync failed (EIO)");
      }
      channel.force(false);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      FileSync.DEFAULT.forceDirectory(directory);
    }
  }

  private static NewRecord record(String value) {
    return NewRecord.ofUtf8(value);
  }

  @Test
  void append_whenFsyncFails_failsThatAppendAndEveryLaterOneWithoutRetrying() {
    FailingSync sync = new FailingSync();
    LogOptions options = LogOptions.builder(dir).build();
    List<String> acknowledged = new ArrayList<>();
    try (Log log = DefaultLog.open(options, sync)) {
      log.createStream(StreamConfig.of("s", 2));
      log.createStream(StreamConfig.of("other", 1));
      for (int i = 0; i < 3; i++) {
        log.append("s", 0, List.of(record("ok-" + i), record("ok-" + i + "b"))).join();
        acknowledged.add("ok-" + i);
        acknowledged.add("ok-" + i + "b");
      }
      sync.failAt = sync.forces.get() + 1;
      CompletableFuture<AppendResult> failing = log.append("s", 0, List.of(record("lost?")));
      assertThatThrownBy(failing::join)
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(LogFailedException.class)
          .hasMessageContaining("injected")
          .hasRootCauseInstanceOf(IOException.class);
      int forcesAtFailure = sync.forces.get();

      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> log.append("s", 0, List.of(record("later"))).join())
            .cause()
            .isInstanceOf(LogFailedException.class);
        assertThatThrownBy(() -> log.append("s", 1, List.of(record("later"))).join())
            .cause()
            .isInstanceOf(LogFailedException.class);
        assertThatThrownBy(() -> log.append("other", 0, List.of(record("later"))).join())
            .cause()
            .isInstanceOf(LogFailedException.class);
        assertThatThrownBy(() -> log.appendByKey("s", List.of(record("later"))).join())
            .cause()
            .isInstanceOf(LogFailedException.class);
      }
      assertThat(log.partition("s", 0).durableEnd()).isEqualTo(acknowledged.size());
      assertThat(values(log.read("s", 0, 0, 1 << 20).records())).isEqualTo(acknowledged);
      assertThat(sync.forces.get())
          .as("a failed fsync is never retried")
          .isEqualTo(forcesAtFailure);
    }
    assertThat(sync.forces.get()).as("closing does not fsync again").isEqualTo(sync.failAt);

    try (Log log = DefaultLog.open(options, FileSync.DEFAULT)) {
      List<String> recovered = values(log.read("s", 0, 0, 1 << 20).records());
      assertThat(recovered).startsWith(acknowledged.toArray(String[]::new));
      assertThat(recovered.size()).isLessThanOrEqualTo(acknowledged.size() + 1);
      long next = log.partition("s", 0).endOffset();
      assertThat(log.append("s", 0, List.of(record("after"))).join().baseOffset()).isEqualTo(next);
    }
  }

  @Test
  void append_whenFsyncFailsUnderConcurrentAppends_failsEveryUnacknowledgedOne() throws Exception {
    FailingSync sync = new FailingSync();
    LogOptions options = LogOptions.builder(dir).build();
    List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
    try (Log log = DefaultLog.open(options, sync)) {
      log.createStream(StreamConfig.of("s", 1));
      int before = sync.forces.get();
      sync.failAt = before + 5;
      for (int i = 0; i < 200; i++) {
        try {
          futures.add(log.append("s", 0, List.of(record("r" + i))));
        } catch (LogFailedException e) {
          break; // the switch tripped while we were still appending
        }
        if (i % 10 == 9) {
          futures.getLast().handle((r, e) -> r).join(); // so that it takes more than 5 fsyncs
        }
      }
      int succeeded = 0;
      for (CompletableFuture<AppendResult> f : futures) {
        if (!f.isCompletedExceptionally() && f.handle((r, e) -> e == null).join()) {
          succeeded++;
        }
      }
      long durable = log.partition("s", 0).durableEnd();
      assertThat(succeeded)
          .as("exactly the appends below the durable end succeeded")
          .isEqualTo((int) durable);
      for (int i = 0; i < futures.size(); i++) {
        CompletableFuture<AppendResult> f = futures.get(i);
        if (i < durable) {
          assertThat(f.join().baseOffset()).isEqualTo(i);
        } else {
          assertThatThrownBy(f::join).cause().isInstanceOf(LogFailedException.class);
        }
      }
      assertThat(sync.forces.get()).isEqualTo(sync.failAt);
    }
    try (Log log = DefaultLog.open(options, FileSync.DEFAULT)) {
      List<LogRecord> recovered = log.read("s", 0, 0, 1 << 20).records();
      long acknowledged = futures.stream().filter(f -> !f.isCompletedExceptionally()).count();
      assertThat(recovered.size()).isGreaterThanOrEqualTo((int) acknowledged);
      for (int i = 0; i < acknowledged; i++) {
        assertThat(recovered.get(i).valueAsString()).isEqualTo("r" + i);
      }
    }
  }

  /**
   * Counts fsyncs, sleeps in each like a slow disk, and remembers how many bytes of each file the
   * longest fsync that has finished covered (the file size when it started).
   */
  private static final class SlowCountingSync implements FileSync {
    final AtomicInteger forces = new AtomicInteger();
    final AtomicLong durableBytes = new AtomicLong();

    @Override
    public void force(FileChannel channel) throws IOException {
      long covered = channel.size();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      channel.force(false);
      forces.incrementAndGet();
      durableBytes.accumulateAndGet(covered, Math::max);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      FileSync.DEFAULT.forceDirectory(directory);
    }
  }

  @Test
  void append_fromManyThreads_sharesFsyncsAndAcknowledgesOnlyAfterACoveringFsync()
      throws Exception {
    SlowCountingSync sync = new SlowCountingSync();
    int threads = 16;
    int appendsPerThread = 50;
    // Offset -> durable bytes at the moment its future completed.
    ConcurrentHashMap<Long, Long> durableAtAck = new ConcurrentHashMap<>();
    LogOptions options = LogOptions.builder(dir).build();
    try (Log log = DefaultLog.open(options, sync)) {
      log.createStream(StreamConfig.of("s", 1));
      int forcesBefore = sync.forces.get();
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<?>> writers = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        for (int t = 0; t < threads; t++) {
          int thread = t;
          writers.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < appendsPerThread; i++) {
                      log.append("s", 0, List.of(record(thread + ":" + i)))
                          .thenAccept(
                              r -> durableAtAck.put(r.baseOffset(), sync.durableBytes.get()))
                          .join();
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
      int appends = threads * appendsPerThread;
      int fsyncs = sync.forces.get() - forcesBefore;
      assertThat(durableAtAck).hasSize(appends);
      assertThat(fsyncs).as("%d fsyncs for %d appends", fsyncs, appends).isLessThan(appends / 2);
    }

    TreeMap<Long, Long> frameEnds = new TreeMap<>();
    Path segment = dir.resolve("streams/s/0/00000000000000000000.log");
    SegmentInspector.inspect(
        segment, batch -> frameEnds.put(batch.baseOffset(), batch.position() + batch.length()));
    assertThat(frameEnds).hasSize(threads * appendsPerThread);
    frameEnds.forEach(
        (offset, end) ->
            assertThat(durableAtAck.get(offset))
                .as("offset %d acknowledged only after an fsync that began after its write", offset)
                .isGreaterThanOrEqualTo(end));
  }

  private static List<String> values(List<LogRecord> records) {
    return records.stream().map(LogRecord::valueAsString).toList();
  }

  @Test
  void fsyncFailureInOnePartition_failsWaitersOfEveryPartition(@TempDir Path other)
      throws Exception {
    FailingSync sync = new FailingSync();
    try (DefaultLog log = DefaultLog.open(LogOptions.builder(other).build(), sync)) {
      log.createStream(StreamConfig.of("s", 2));
      CompletableFuture<Long> waiting = log.awaitDurable("s", 1, 0);
      sync.failAt = sync.forces.get() + 1;
      CompletableFuture<AppendResult> failing = log.append("s", 0, List.of(record("x")));
      assertThatThrownBy(failing::join).cause().isInstanceOf(LogFailedException.class);
      assertThatThrownBy(() -> waiting.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(LogFailedException.class);
      assertThatThrownBy(() -> log.awaitDurable("s", 1, 0).join())
          .cause()
          .isInstanceOf(LogFailedException.class);
      assertThat(log.failure()).isPresent();
    }
  }
}
