package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention by age and by size over small segments, with a hand-driven clock. Expected outcomes are
 * computed from the segment files on disk and the append times the test set, not from the log's own
 * bookkeeping.
 */
class RetentionTest {

  private static final long T0 = 1_000_000_000L;
  private static final long STEP = 100;

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(T0);

  private LogOptions options() {
    return LogOptions.builder(dir).segmentBytes(1024).indexIntervalBytes(128).clock(clock).build();
  }

  private Path partitionDir() {
    return dir.resolve("streams").resolve("s").resolve("0");
  }

  /** Appends {@code count} one-record batches, the i-th at time {@code T0 + i * STEP}. */
  private void appendAtSteps(Log log, int from, int count) {
    for (int i = from; i < from + count; i++) {
      clock.set(T0 + i * STEP);
      AppendResult result = log.append("s", 0, List.of(recordNumber(i))).join();
      assertThat(result.baseOffset()).isEqualTo(i);
      assertThat(result.appendTime()).isEqualTo(T0 + i * STEP);
    }
  }

  private static NewRecord recordNumber(int i) {
    byte[] value = new byte[300];
    value[0] = (byte) i;
    return NewRecord.of(null, value, 7L);
  }

  /** Base offsets of the segment files in the partition directory, oldest first. */
  private List<Long> segmentBases() throws IOException {
    try (Stream<Path> files = Files.list(partitionDir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\.log"))
          .map(n -> Long.parseLong(n.substring(0, 20)))
          .sorted()
          .toList();
    }
  }

  /** The start offset after age retention: the first segment that is active or young enough. */
  private static long expectedStartByAge(List<Long> bases, long now, long maxAgeMillis) {
    for (int j = 0; j < bases.size() - 1; j++) {
      long newestAppend = T0 + (bases.get(j + 1) - 1) * STEP;
      if (newestAppend >= now - maxAgeMillis) {
        return bases.get(j);
      }
    }
    return bases.getLast();
  }

  @Test
  void enforceRetention_byAge_deletesOnlyWholeSegmentsOlderThanMaxAge() throws IOException {
    long maxAge = 1_000;
    try (Log log = EmbeddedLog.open(options())) {
      log.createStream(new StreamConfig("s", 1, RetentionPolicy.maxAge(Duration.ofMillis(maxAge))));
      appendAtSteps(log, 0, 20);
      List<Long> bases = segmentBases();
      assertThat(bases).hasSizeGreaterThan(5);

      // Segment 3's newest record is exactly maxAge old: kept. One millisecond later: deleted.
      long newestOfThird = T0 + (bases.get(4) - 1) * STEP;
      clock.set(newestOfThird + maxAge);
      log.enforceRetention();
      assertThat(expectedStartByAge(bases, clock.millis(), maxAge)).isEqualTo(bases.get(3));
      assertRetainedFrom(log, bases, bases.get(3), 20);

      clock.set(newestOfThird + maxAge + 1);
      log.enforceRetention();
      assertRetainedFrom(log, bases, bases.get(4), 20);

      AppendResult next = log.append("s", 0, List.of(recordNumber(20))).join();
      assertThat(next.baseOffset()).as("offsets are never reused").isEqualTo(20);
    }
  }

  @Test
  void enforceRetention_whenEverythingIsOld_keepsTheActiveSegment() throws IOException {
    try (Log log = EmbeddedLog.open(options())) {
      log.createStream(new StreamConfig("s", 1, RetentionPolicy.maxAge(Duration.ofMillis(1))));
      appendAtSteps(log, 0, 15);
      List<Long> bases = segmentBases();
      clock.set(T0 + 1_000_000_000L);
      log.enforceRetention();
      assertRetainedFrom(log, bases, bases.getLast(), 15);
      assertThat(log.partition("s", 0).segmentCount()).isEqualTo(1);
      log.enforceRetention();
      assertThat(log.partition("s", 0).startOffset()).isEqualTo(bases.getLast());
    }
  }

  /**
   * Checks the partition starts at {@code start}, holds every later record, and nothing earlier.
   */
  private void assertRetainedFrom(Log log, List<Long> bases, long start, long end)
      throws IOException {
    PartitionInfo info = log.partition("s", 0);
    assertThat(info.startOffset()).isEqualTo(start);
    assertThat(info.endOffset()).isEqualTo(end);
    assertThat(segmentBases())
        .containsExactlyElementsOf(bases.stream().filter(b -> b >= start).toList());
    for (long base : bases) {
      boolean kept = base >= start;
      for (String suffix : List.of(".log", ".index", ".timeindex")) {
        Path file = partitionDir().resolve(String.format("%020d%s", base, suffix));
        if (!kept) {
          assertThat(file).as("deleted with its segment").doesNotExist();
        }
      }
    }
    if (start > 0) {
      assertThatThrownBy(() -> log.read("s", 0, start - 1, 4096))
          .isInstanceOf(OffsetOutOfRangeException.class);
      assertThatThrownBy(() -> log.read("s", 0, 0, 4096))
          .isInstanceOf(OffsetOutOfRangeException.class);
    }
    List<LogRecord> records = new ArrayList<>();
    long offset = start;
    while (offset < end) {
      ReadResult result = log.read("s", 0, offset, 4096);
      records.addAll(result.records());
      offset = result.nextOffset();
    }
    assertThat(records).extracting(LogRecord::offset).first().isEqualTo(start);
    for (LogRecord record : records) {
      assertThat(record.value()[0]).isEqualTo((byte) record.offset());
      assertThat(record.appendTime()).isEqualTo(T0 + record.offset() * STEP);
    }
    assertThat(records).hasSize((int) (end - start));
  }

  @Test
  void enforceRetention_bySize_keepsAtLeastMaxBytes() throws IOException {
    long maxBytes = 2_500;
    try (Log log = EmbeddedLog.open(options())) {
      log.createStream(new StreamConfig("s", 1, RetentionPolicy.maxBytes(maxBytes)));
      appendAtSteps(log, 0, 30);
      List<Long> before = segmentBases();
      log.enforceRetention();
      List<Long> after = segmentBases();
      List<Long> sizes = new ArrayList<>();
      for (long base : after) {
        sizes.add(Files.size(partitionDir().resolve(String.format("%020d.log", base))));
      }
      long retained = sizes.stream().mapToLong(Long::longValue).sum();
      assertThat(after.size()).isLessThan(before.size());
      assertThat(retained).as("at least maxBytes stay").isGreaterThanOrEqualTo(maxBytes);
      assertThat(retained - sizes.getFirst())
          .as("dropping one more segment would go below maxBytes")
          .isLessThan(maxBytes);
      assertThat(log.partition("s", 0).sizeBytes()).isEqualTo(retained);
      assertRetainedFrom(log, before, after.getFirst(), 30);
    }
  }

  @Test
  void enforceRetention_byDefault_deletesNothing() throws IOException {
    try (Log log = EmbeddedLog.open(options())) {
      log.createStream(StreamConfig.of("s", 1));
      appendAtSteps(log, 0, 15);
      List<Long> bases = segmentBases();
      clock.set(Long.MAX_VALUE / 2);
      log.enforceRetention();
      assertThat(segmentBases()).isEqualTo(bases);
      assertRetainedFrom(log, bases, 0, 15);
    }
  }

  @Test
  void reopen_keepsRetentionPolicy_andRemovesIndexesOrphanedByACrashDuringDeletion()
      throws IOException {
    StreamConfig config =
        new StreamConfig("s", 1, RetentionPolicy.maxAge(Duration.ofMillis(1_000)));
    List<Long> bases;
    Path orphanIndex;
    Path orphanTimeIndex;
    byte[] orphanIndexBytes;
    byte[] orphanTimeIndexBytes;
    try (Log log = EmbeddedLog.open(options())) {
      log.createStream(config);
      appendAtSteps(log, 0, 12);
      bases = segmentBases();
      orphanIndex = partitionDir().resolve(String.format("%020d.index", bases.getFirst()));
      orphanTimeIndex = partitionDir().resolve(String.format("%020d.timeindex", bases.getFirst()));
      orphanIndexBytes = Files.readAllBytes(orphanIndex);
      orphanTimeIndexBytes = Files.readAllBytes(orphanTimeIndex);
    }
    clock.set(T0 + 11 * STEP + 1_000); // the newest record is exactly maxAge old
    long expectedStart = expectedStartByAge(bases, clock.millis(), 1_000);
    assertThat(expectedStart).isEqualTo(bases.getLast());
    try (Log log = EmbeddedLog.open(options())) {
      assertThat(log.describeStream("s").config()).isEqualTo(config);
      log.enforceRetention();
      assertRetainedFrom(log, bases, expectedStart, 12);
    }
    // A crash after deleting the oldest segment's .log but before its indexes leaves these behind.
    Files.write(orphanIndex, orphanIndexBytes);
    Files.write(orphanTimeIndex, orphanTimeIndexBytes);
    try (Log log = EmbeddedLog.open(options())) {
      assertThat(orphanIndex).doesNotExist();
      assertThat(orphanTimeIndex).doesNotExist();
      assertRetainedFrom(log, bases, expectedStart, 12);
      clock.set(T0 + 12 * STEP);
      assertThat(log.append("s", 0, List.of(recordNumber(12))).join().baseOffset()).isEqualTo(12);
    }
  }
}
