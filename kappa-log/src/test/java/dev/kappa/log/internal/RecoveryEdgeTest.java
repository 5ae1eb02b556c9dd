package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.CorruptLogException;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.log.MutableClock;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery cases at the edges of a partition: no segment left, an empty active segment. */
class RecoveryEdgeTest {

  @TempDir Path dir;

  @Test
  void open_partitionWithNoSegmentsButADurableCheckpoint_failsInsteadOfRestartingAtZero() {
    try (Log log = DefaultLog.open(LogOptions.builder(dir).build())) {
      log.createStream(StreamConfig.of("s", 1));
      log.append("s", 0, List.of(NewRecord.ofUtf8("a"), NewRecord.ofUtf8("b"))).join();
    }
    Path partition = LogFiles.partitionDir(dir, "s", 0);
    for (Path segment : LogFiles.segmentFiles(partition)) {
      LogFiles.delete(segment);
    }
    assertThatThrownBy(() -> DefaultLog.open(LogOptions.builder(dir).build()).close())
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("00000000000000000000.log")
        .hasMessageContaining("offsets up to 2 were durable");
    // Nothing was created in their place: a second open fails the same way.
    assertThat(LogFiles.segmentFiles(partition)).isEmpty();
  }

  @Test
  void open_partitionWithNoSegmentsAndNothingDurable_startsEmpty() {
    try (Log log = DefaultLog.open(LogOptions.builder(dir).build())) {
      log.createStream(StreamConfig.of("s", 1));
    }
    Path partition = LogFiles.partitionDir(dir, "s", 0);
    for (Path segment : LogFiles.segmentFiles(partition)) {
      LogFiles.delete(segment);
    }
    try (Log log = DefaultLog.open(LogOptions.builder(dir).build())) {
      assertThat(log.append("s", 0, List.of(NewRecord.ofUtf8("a"))).join().baseOffset()).isZero();
    }
  }

  /**
   * A roll's new segment whose only batch was lost in a crash is empty on reopen; append times must
   * still continue from the previous segment's, even when the clock went back meanwhile.
   */
  @Test
  void append_afterRecoveryLeftTheActiveSegmentEmpty_neverDecreasesAppendTime() {
    MutableClock clock = new MutableClock(1_000_000);
    LogOptions options = LogOptions.builder(dir).segmentBytes(1024).clock(clock).build();
    try (Log log = DefaultLog.open(options)) {
      log.createStream(StreamConfig.of("s", 1));
      while (log.partition("s", 0).segmentCount() < 2) {
        clock.advance(10);
        log.append("s", 0, List.of(NewRecord.ofUtf8("x".repeat(200)))).join();
      }
    }
    Path partition = LogFiles.partitionDir(dir, "s", 0);
    List<Path> segments = LogFiles.segmentFiles(partition);
    Path newest = segments.getLast();
    // The crash lost the new segment's batch: the roll's checkpoint names its start.
    LogFiles.truncate(newest, 0);
    LogFiles.deleteCheckpoint(partition);
    long base = LogFiles.baseOffset(newest);
    clock.set(500_000);
    try (Log log = DefaultLog.open(options)) {
      assertThat(log.partition("s", 0).endOffset()).isEqualTo(base);
      long before = log.read("s", 0, base - 1, 1 << 20).records().getFirst().appendTime();
      assertThat(before).isGreaterThan(1_000_000);
      long appendTime = log.append("s", 0, List.of(NewRecord.ofUtf8("after"))).join().appendTime();
      assertThat(appendTime).isGreaterThanOrEqualTo(before);
    }
  }
}
