package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.SeedExtension.Seed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers on one partition and on several: the log must hand out dense offsets, keep every
 * record exactly once, keep each writer's order and report exactly where each batch landed. Readers
 * tailing at the same time must see a gap-free prefix that never passes the durable end.
 */
@ExtendWith(SeedExtension.class)
class ConcurrentAppendTest {

  private static final int WRITERS = 8;
  private static final int APPENDS_PER_WRITER = 25;

  @TempDir Path dir;

  /** One batch as a writer sent it, and the future the log gave back. */
  private record Sent(
      String stream, int partition, List<String> values, CompletableFuture<AppendResult> future) {}

  @Test
  void append_fromEightThreadsToOnePartition_keepsEveryRecordOnceInWriterOrder(Seed seed)
      throws Exception {
    runWriters(seed.value(), "one", 1);
  }

  @Test
  void append_fromEightThreadsToSeveralPartitions_keepsEveryRecordOnceInWriterOrder(Seed seed)
      throws Exception {
    runWriters(seed.value(), "many", 4);
  }

  private void runWriters(long seed, String stream, int partitions) throws Exception {
    LogOptions options = LogOptions.builder(dir).segmentBytes(64 << 10).build();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of(stream, partitions));
      List<Sent> sent = writeConcurrently(log, seed, stream, partitions);
      for (int p = 0; p < partitions; p++) {
        int partition = p;
        List<Sent> here = sent.stream().filter(s -> s.partition() == partition).toList();
        List<String> stored = readAll(log, stream, partition);
        assertPartitionHoldsExactly(here, stored);
        PartitionInfo info = log.partition(stream, partition);
        assertThat(info.endOffset()).isEqualTo(stored.size());
        assertThat(info.durableEnd()).isEqualTo(stored.size());
      }
    }
  }

  private static List<Sent> writeConcurrently(Log log, long seed, String stream, int partitions)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Future<List<Sent>>> writers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
      for (int t = 0; t < WRITERS; t++) {
        int thread = t;
        writers.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed + thread);
                  List<Sent> mine = new ArrayList<>();
                  int sequence = 0;
                  start.await();
                  for (int a = 0; a < APPENDS_PER_WRITER; a++) {
                    int partition = random.nextInt(partitions);
                    int size = 1 + random.nextInt(500);
                    List<String> values = new ArrayList<>(size);
                    List<NewRecord> batch = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                      String value = thread + ":" + sequence++;
                      values.add(value);
                      batch.add(NewRecord.ofUtf8(value));
                    }
                    mine.add(
                        new Sent(stream, partition, values, log.append(stream, partition, batch)));
                  }
                  return mine;
                }));
      }
    }
    List<Sent> all = new ArrayList<>();
    for (Future<List<Sent>> writer : writers) {
      all.addAll(writer.get());
    }
    for (Sent s : all) {
      s.future().join();
    }
    return all;
  }

  /** Checks a partition's content against the batches sent to it, computed independently. */
  private static void assertPartitionHoldsExactly(List<Sent> sent, List<String> stored) {
    int expectedCount = sent.stream().mapToInt(s -> s.values().size()).sum();
    assertThat(stored).hasSize(expectedCount);
    Set<String> unique = new HashSet<>(stored);
    assertThat(unique).as("no record is stored twice").hasSize(stored.size());
    Set<String> expected = new HashSet<>();
    sent.forEach(s -> expected.addAll(s.values()));
    assertThat(unique).as("no record is lost").isEqualTo(expected);

    Map<Integer, Integer> lastSequence = new HashMap<>();
    for (String value : stored) {
      int thread = Integer.parseInt(value.substring(0, value.indexOf(':')));
      int sequence = Integer.parseInt(value.substring(value.indexOf(':') + 1));
      Integer previous = lastSequence.put(thread, sequence);
      assertThat(previous == null || previous < sequence)
          .as("writer %d's record %d comes after its record %d", thread, sequence, previous)
          .isTrue();
    }

    for (Sent s : sent) {
      AppendResult result = s.future().join();
      assertThat(result.stream()).isEqualTo(s.stream());
      assertThat(result.partition()).isEqualTo(s.partition());
      assertThat(result.recordCount()).isEqualTo(s.values().size());
      List<String> atReportedOffsets =
          stored.subList((int) result.baseOffset(), (int) result.lastOffset() + 1);
      assertThat(atReportedOffsets)
          .as("records at offsets %d..%d", result.baseOffset(), result.lastOffset())
          .isEqualTo(s.values());
    }
  }

  @Test
  void poll_whileEightThreadsAppend_seesGapFreePrefixNeverPastDurableEnd(Seed seed)
      throws Exception {
    LogOptions options = LogOptions.builder(dir).segmentBytes(32 << 10).build();
    try (Log log = EmbeddedLog.open(options);
        ExecutorService readerThreads = Executors.newFixedThreadPool(3)) {
      log.createStream(StreamConfig.of("tail", 1));
      AtomicBoolean writersDone = new AtomicBoolean();
      List<CompletableFuture<List<String>>> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        Random random = new Random(seed.value() * 31 + r);
        readers.add(
            CompletableFuture.supplyAsync(
                () -> tail(log, "tail", random, writersDone), readerThreads));
      }
      try {
        writeConcurrently(log, seed.value(), "tail", 1);
      } finally {
        writersDone.set(true);
      }
      List<String> stored = readAll(log, "tail", 0);
      for (CompletableFuture<List<String>> reader : readers) {
        assertThat(reader.get()).isEqualTo(stored);
      }
    }
  }

  /** Tails partition 0 with poll until the writers are done and the durable end is reached. */
  private static List<String> tail(Log log, String stream, Random random, AtomicBoolean done) {
    List<String> seen = new ArrayList<>();
    long next = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.get() || next < log.partition(stream, 0).durableEnd()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("reader stuck at offset " + next);
      }
      ReadResult result;
      try {
        result = log.poll(stream, 0, next, 1 + random.nextInt(16 << 10), Duration.ofMillis(20));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      long durableAfter = log.partition(stream, 0).durableEnd();
      assertThat(result.firstOffset()).isEqualTo(next);
      assertThat(result.nextOffset())
          .as("a read from %d ends at or before the durable end", next)
          .isLessThanOrEqualTo(durableAfter);
      long[] expected = {next};
      result.forEach(
          record -> {
            assertThat(record.offset()).isEqualTo(expected[0]++);
            seen.add(StandardCharsets.UTF_8.decode(record.value()).toString());
          });
      assertThat(expected[0]).isEqualTo(result.nextOffset());
      next = result.nextOffset();
    }
    return seen;
  }

  private static List<String> readAll(Log log, String stream, int partition) {
    List<String> values = new ArrayList<>();
    long offset = log.partition(stream, partition).startOffset();
    long end = log.partition(stream, partition).durableEnd();
    while (offset < end) {
      ReadResult result = log.read(stream, partition, offset, 64 << 10);
      long[] expected = {offset};
      result.forEach(
          record -> {
            assertThat(record.offset()).as("dense offsets").isEqualTo(expected[0]++);
            values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
          });
      assertThat(result.nextOffset()).isGreaterThan(offset);
      offset = result.nextOffset();
    }
    return values;
  }
}
