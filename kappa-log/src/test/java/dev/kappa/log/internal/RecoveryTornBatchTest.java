package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.AppendResult;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.RecoveryReport.PartitionRecovery;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.internal.LogFiles.EventTimes;
import dev.kappa.log.internal.LogFiles.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can leave the last frame of the last segment half-written, and the file system can leave
 * junk after it. Recovery must cut exactly that tail, keep every whole frame before it, report the
 * bytes it cut, and continue offsets where the surviving records end.
 *
 * <p>One template log is written per test (several segments, seeded batch sizes, keys and headers);
 * its recovery checkpoint is deleted so that recovery CRC-checks everything. Each case damages a
 * fresh copy of it. Seed: {@code -Dkappa.test.seed}.
 */
class RecoveryTornBatchTest {

  private static final String STREAM = "s";
  private static final long SEED = LogFiles.seed(0x70_42_8A_7EL);

  @TempDir Path dir;

  private Path template;
  private List<LogRecord> written;
  private List<Frame> lastSegmentFrames;
  private Path lastSegmentRelative;
  private List<Long> earlierSegmentSizes;
  private int caseNumber;

  private static LogOptions options(Path directory) {
    return LogOptions.builder(directory).segmentBytes(2048).indexIntervalBytes(256).build();
  }

  @BeforeEach
  void writeTemplate() {
    Random random = new Random(SEED);
    template = dir.resolve("template");
    written = new ArrayList<>();
    EventTimes times = EventTimes.increasing(1_000);
    try (Log log = EmbeddedLog.open(options(template))) {
      log.createStream(StreamConfig.of(STREAM, 1));
      // Fill until there are earlier segments and the active one holds a few frames.
      int framesInActive = 0;
      int segments = 1;
      while (segments < 3 || framesInActive < 4) {
        List<NewRecord> batch = LogFiles.randomBatch(random, 1 + random.nextInt(4), 1, 60, times);
        LogFiles.append(log, STREAM, 0, batch, written);
        int now = log.partition(STREAM, 0).segmentCount();
        framesInActive = now == segments ? framesInActive + 1 : 1;
        segments = now;
      }
      // The last frame: ~200-400 bytes, so every byte position in it is a cheap case.
      LogFiles.append(log, STREAM, 0, LogFiles.randomBatch(random, 3, 40, 90, times), written);
    }
    Path partition = LogFiles.partitionDir(template, STREAM, 0);
    LogFiles.deleteCheckpoint(partition);
    List<Path> segments = LogFiles.segmentFiles(partition);
    Path last = segments.getLast();
    lastSegmentRelative = template.relativize(last);
    lastSegmentFrames = LogFiles.frames(last);
    earlierSegmentSizes =
        segments.subList(0, segments.size() - 1).stream().map(LogFiles::size).toList();
    assertThat(lastSegmentFrames.getLast().nextOffset())
        .as("seed=%d: the template's frames end with the last record written", SEED)
        .isEqualTo(written.size());
  }

  /** A fresh copy of the template; returns its last segment file. */
  private Path freshCopy(Path copy) {
    LogFiles.copyDirectory(template, copy);
    return copy.resolve(lastSegmentRelative.toString());
  }

  @Test
  void recover_cutAtEveryBytePositionOfLastFrame_keepsEarlierBatchesAndReportsCut() {
    Frame lastFrame = lastSegmentFrames.getLast();
    assertThat(lastFrame.length()).as("seed=%d", SEED).isBetween(150, 500);
    for (long cut = lastFrame.position(); cut <= lastFrame.end(); cut++) {
      long survivors = cut == lastFrame.end() ? lastFrame.nextOffset() : lastFrame.baseOffset();
      long expectedCut = cut == lastFrame.end() ? 0 : cut - lastFrame.position();
      recoverAfterCut(cut, survivors, expectedCut, new byte[0]);
    }
  }

  @Test
  void recover_cutAtEachFrameBoundaryOfLastSegment_cutsNothing() {
    for (Frame frame : lastSegmentFrames) {
      recoverAfterCut(frame.position(), frame.baseOffset(), 0, new byte[0]);
    }
    recoverAfterCut(lastSegmentFrames.getLast().end(), written.size(), 0, new byte[0]);
  }

  @Test
  void recover_randomGarbageAfterLastFrame_isCut() {
    Random random = new Random(SEED + 1);
    long end = lastSegmentFrames.getLast().end();
    for (int i = 0; i < 25; i++) {
      byte[] garbage = LogFiles.randomBytes(random, 1 + random.nextInt(i < 5 ? 60 : 3000));
      recoverAfterCut(end, written.size(), garbage.length, garbage);
    }
  }

  @Test
  void recover_zerosAfterLastFrame_areCut() {
    long end = lastSegmentFrames.getLast().end();
    for (int length : new int[] {1, 4, 51, 52, 53, 300, 4096}) {
      recoverAfterCut(end, written.size(), length, new byte[length]);
    }
  }

  @Test
  void recover_tornLastFrameFollowedByGarbage_cutsBoth() {
    Random random = new Random(SEED + 2);
    Frame lastFrame = lastSegmentFrames.getLast();
    for (int i = 0; i < 25; i++) {
      long cut = lastFrame.position() + 1 + random.nextInt(lastFrame.length() - 1);
      byte[] garbage =
          i % 2 == 0
              ? LogFiles.randomBytes(random, 1 + random.nextInt(500))
              : new byte[1 + random.nextInt(500)];
      long expectedCut = cut - lastFrame.position() + garbage.length;
      recoverAfterCut(cut, lastFrame.baseOffset(), expectedCut, garbage);
    }
  }

  @Test
  void recover_copyOfLastFrameWithBadCrcAtTail_isCut() {
    // A plausible-looking frame (right magic and length) whose CRC fails, at the very end.
    Frame lastFrame = lastSegmentFrames.getLast();
    byte[] segment = LogFiles.readAllBytes(template.resolve(lastSegmentRelative.toString()));
    byte[] replay = Arrays.copyOfRange(segment, (int) lastFrame.position(), (int) lastFrame.end());
    replay[replay.length - 1] ^= 0x10;
    recoverAfterCut(lastFrame.end(), written.size(), replay.length, replay);
  }

  /**
   * Cuts a copy's last segment at {@code cut}, appends {@code tail}, opens it and checks that
   * exactly the first {@code survivors} records remain and {@code expectedCut} bytes were reported
   * as cut; then that the next append continues at {@code survivors}.
   */
  private void recoverAfterCut(long cut, long survivors, long expectedCut, byte[] tail) {
    Path copy = dir.resolve("case-" + caseNumber++);
    Path segment = freshCopy(copy);
    LogFiles.truncate(segment, cut);
    LogFiles.appendBytes(segment, tail);
    String what =
        String.format(
            "seed=%d, cut at byte %d of %s, then %d tail bytes", SEED, cut, segment, tail.length);
    List<LogRecord> expected = written.subList(0, (int) survivors);
    try (Log log = EmbeddedLog.open(options(copy))) {
      RecoveryReport report = log.recoveryReport();
      assertThat(report.truncatedBytes()).as(what).isEqualTo(expectedCut);
      assertThat(report.partitions()).as(what).hasSize(1);
      PartitionRecovery recovery = report.partitions().getFirst();
      assertThat(recovery.stream()).as(what).isEqualTo(STREAM);
      long allBytes = earlierSegmentSizes.stream().mapToLong(Long::longValue).sum() + cut;
      assertThat(recovery.scannedBytes()).as(what).isEqualTo(allBytes + tail.length);
      assertThat(LogFiles.size(segment)).as(what).isEqualTo(cut + tail.length - expectedCut);

      assertThat(log.partition(STREAM, 0).durableEnd()).as(what).isEqualTo(survivors);
      assertThat(LogFiles.readAll(log, STREAM, 0, 1 << 16)).as(what).isEqualTo(expected);

      AppendResult next = log.append(STREAM, 0, List.of(NewRecord.ofUtf8("after-" + cut))).join();
      assertThat(next.baseOffset()).as(what).isEqualTo(survivors);
      List<LogRecord> reread = log.read(STREAM, 0, survivors, 1 << 16).records();
      assertThat(reread).as(what).hasSize(1);
      assertThat(reread.getFirst().valueAsString()).as(what).isEqualTo("after-" + cut);
    }
  }
}
