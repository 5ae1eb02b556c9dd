package dev.kappa.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryLog} under concurrent appends and tailing reads: every record lands exactly once,
 * offsets stay dense, each writer's order is kept, and a reader that follows with {@code poll} sees
 * them all.
 */
class InMemoryLogConcurrencyTest {

  private static final int WRITERS = 4;
  private static final int PER_WRITER = 2_000;

  @Test
  void concurrentAppends_landOnceAtDenseOffsets_andATailingReaderSeesAll() throws Exception {
    InMemoryLog log = new InMemoryLog(new ManualClock());
    log.createStream(StreamConfig.of("s", 1));
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(start);
                    for (int i = 0; i < PER_WRITER; i++) {
                      log.append("s", 0, List.of(NewRecord.ofUtf8(writer + ":" + i))).join();
                    }
                  }));
    }
    List<LogRecord> tailed = new ArrayList<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  long offset = 0;
                  while (offset < WRITERS * PER_WRITER) {
                    try {
                      var result = log.poll("s", 0, offset, 4_096, java.time.Duration.ofSeconds(5));
                      tailed.addAll(result.records());
                      offset = result.nextOffset();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    start.countDown();
    for (Thread t : writers) {
      t.join();
    }
    reader.join(30_000);

    assertThat(tailed).hasSize(WRITERS * PER_WRITER);
    int[] next = new int[WRITERS];
    Set<String> seen = new HashSet<>();
    for (int o = 0; o < tailed.size(); o++) {
      LogRecord r = tailed.get(o);
      assertThat(r.offset()).isEqualTo(o);
      String[] parts = r.valueAsString().split(":");
      int writer = Integer.parseInt(parts[0]);
      assertThat(Integer.parseInt(parts[1]))
          .as("writer %d keeps its order", writer)
          .isEqualTo(next[writer]++);
      assertThat(seen.add(r.valueAsString())).isTrue();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
