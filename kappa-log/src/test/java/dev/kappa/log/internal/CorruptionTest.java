package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.kappa.log.CorruptLogException;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.internal.LogFiles.EventTimes;
import dev.kappa.log.internal.LogFiles.Frame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage to durable data is never served and never silently cut: it is a {@link
 * CorruptLogException} that names the segment file and the byte position of the damaged frame,
 * thrown by the read that meets it or, for data recovery must scan, by opening the log.
 *
 * <p>The template log has several segments with strictly increasing event times (so time lookups
 * have one right answer that does not depend on how the time index was rebuilt). Each case damages
 * a fresh copy. Seed: {@code -Dkappa.test.seed}.
 */
class CorruptionTest {

  private static final String STREAM = "s";
  private static final long SEED = LogFiles.seed(0xC0_22_0B7L);

  @TempDir Path dir;

  private Path template;
  private List<LogRecord> written;
  private int caseNumber;

  private static LogOptions options(Path directory) {
    return LogOptions.builder(directory).segmentBytes(2048).indexIntervalBytes(256).build();
  }

  @BeforeEach
  void writeTemplate() {
    Random random = new Random(SEED);
    template = dir.resolve("template");
    written = new ArrayList<>();
    EventTimes times = EventTimes.increasing(5_000);
    try (Log log = EmbeddedLog.open(options(template))) {
      log.createStream(StreamConfig.of(STREAM, 1));
      // Several segments, the active one over half full so that it has a few index entries.
      Path partition = LogFiles.partitionDir(template, STREAM, 0);
      while (log.partition(STREAM, 0).segmentCount() < 4
          || LogFiles.size(LogFiles.segmentFiles(partition).getLast()) < 1200) {
        List<NewRecord> batch = LogFiles.randomBatch(random, 1 + random.nextInt(4), 1, 60, times);
        LogFiles.append(log, STREAM, 0, batch, written);
      }
    }
  }

  /** A fresh copy of the template. */
  private Path copy() {
    Path copy = dir.resolve("case-" + caseNumber++);
    LogFiles.copyDirectory(template, copy);
    return copy;
  }

  private static List<Path> segments(Path logDir) {
    return LogFiles.segmentFiles(LogFiles.partitionDir(logDir, STREAM, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"first", "middle", "last"})
  void read_bitFlipInDurableFrame_failsAtThatFrameAndServesEveryOtherRecord(String which)
      throws InterruptedException {
    Random random = new Random(SEED + which.hashCode());
    Path copy = copy();
    List<Path> segments = segments(copy);
    int index =
        switch (which) {
          case "first" -> 0;
          case "middle" -> segments.size() / 2;
          default -> segments.size() - 1;
        };
    Path segment = segments.get(index);
    // A frame that open does not look at: before the tail of the segment's indexes.
    long tail = LogFiles.indexTailStart(segment);
    List<Frame> frames = LogFiles.frames(segment).stream().filter(f -> f.end() <= tail).toList();
    assertThat(frames).as("frames before the index tail at %d, seed=%d", tail, SEED).isNotEmpty();
    Frame bad = frames.get(random.nextInt(frames.size()));
    long flipAt = bad.position() + LogFiles.FRAME_HEADER + random.nextInt(bad.length() - 52);
    LogFiles.flipBit(segment, flipAt, random.nextInt(8));
    String what =
        String.format("bit flip at byte %d of %s, frame %s, seed=%d", flipAt, segment, bad, SEED);

    try (Log log = EmbeddedLog.open(options(copy))) {
      assertThat(log.recoveryReport().partitions())
          .as("data before the checkpoint is not scanned at open; %s", what)
          .isEmpty();
      for (long offset = 0; offset < written.size(); offset++) {
        assertReadsAt(log, offset, segment, bad, random, "offset " + offset + ", " + what);
      }
      for (long t : LogFiles.probeTimestamps(written, random, 200)) {
        assertTimeLookup(log, t, segment, bad, "offsetForTime(" + t + "), " + what);
      }
    }
  }

  /** Reads at {@code o} fail naming {@code bad} if they must, else return what was written. */
  private void assertReadsAt(Log log, long o, Path segment, Frame bad, Random random, String at)
      throws InterruptedException {
    if (bad.holds(o)) {
      assertCorruptAt(() -> log.read(STREAM, 0, o, 1 + random.nextInt(5000)), segment, bad, at);
      assertCorruptAt(
          () -> log.poll(STREAM, 0, o, 1 << 16, Duration.ofMillis(1)), segment, bad, at);
      return;
    }
    ReadResult one = log.read(STREAM, 0, o, 1);
    assertThat(one.firstOffset()).as(at).isEqualTo(o);
    assertServed(one.records(), o, bad, at);
    int maxBytes = 1 + random.nextInt(6000);
    try {
      assertServed(log.read(STREAM, 0, o, maxBytes).records(), o, bad, at + ", big read");
      assertServed(log.poll(STREAM, 0, o, maxBytes, Duration.ofMillis(1)).records(), o, bad, at);
    } catch (CorruptLogException e) {
      assertThat(o)
          .as("only a read that reaches the bad frame may fail; %s", at)
          .isLessThan(bad.baseOffset());
      assertIsFrame(e, segment, bad, at + ", big read");
    }
  }

  /** A time lookup answers as brute force does, or fails naming {@code bad} on its way. */
  private void assertTimeLookup(Log log, long t, Path segment, Frame bad, String at) {
    long expected = LogFiles.firstOffsetAtOrAfter(written, t);
    if (bad.holds(expected)) {
      assertCorruptAt(() -> log.offsetForTime(STREAM, 0, t), segment, bad, at);
      return;
    }
    try {
      assertThat(log.offsetForTime(STREAM, 0, t)).as(at).isEqualTo(expected);
    } catch (CorruptLogException e) {
      // A lookup whose scan crosses the damaged frame may refuse, naming it.
      assertThat(expected)
          .as("only a lookup past the bad frame may fail; %s", at)
          .isGreaterThanOrEqualTo(bad.nextOffset());
      assertIsFrame(e, segment, bad, at);
    }
  }

  @Test
  void open_withoutCheckpoint_bitFlipInFrameFollowedByValidFrames_failsAndCutsNothing() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 30; i++) {
      Path copy = copy();
      List<Path> segments = segments(copy);
      Path last = segments.getLast();
      List<Frame> frames = LogFiles.frames(last);
      Frame bad = frames.get(random.nextInt(frames.size() - 1)); // never the last frame
      // The first cases hit the header (magic, CRC, length, offsets), the rest anywhere.
      long flipAt = bad.position() + random.nextInt(i < 10 ? LogFiles.FRAME_HEADER : bad.length());
      openFailsAtFrame(copy, last, bad, flipAt, random.nextInt(8));
    }
  }

  @Test
  void open_withoutCheckpoint_bitFlipInNonLastSegment_failsEvenInItsLastFrame() {
    Random random = new Random(SEED + 2);
    int segmentCount = segments(template).size();
    for (int s = 0; s < segmentCount - 1; s++) {
      for (boolean lastFrame : new boolean[] {true, false}) {
        Path copy = copy();
        Path segment = segments(copy).get(s);
        List<Frame> frames = LogFiles.frames(segment);
        Frame bad = lastFrame ? frames.getLast() : frames.get(random.nextInt(frames.size()));
        long flipAt = bad.position() + random.nextInt(bad.length());
        openFailsAtFrame(copy, segment, bad, flipAt, random.nextInt(8));
      }
    }
  }

  /** Deletes the checkpoint, flips a bit, and expects open to fail at {@code bad}, twice. */
  private void openFailsAtFrame(Path copy, Path segment, Frame bad, long flipAt, int bit) {
    LogFiles.deleteCheckpoint(LogFiles.partitionDir(copy, STREAM, 0));
    LogFiles.flipBit(segment, flipAt, bit);
    String what =
        String.format(
            "bit %d of byte %d of %s, frame %s, seed=%d", bit, flipAt, segment, bad, SEED);
    Map<Path, byte[]> before = LogFiles.segmentContents(LogFiles.partitionDir(copy, STREAM, 0));
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> EmbeddedLog.open(options(copy)).close())
          .as(what)
          .isInstanceOfSatisfying(
              CorruptLogException.class, e -> assertIsFrame(e, segment, bad, what));
      Map<Path, byte[]> after = LogFiles.segmentContents(LogFiles.partitionDir(copy, STREAM, 0));
      assertThat(after.keySet()).as(what).isEqualTo(before.keySet());
      before.forEach(
          (file, bytes) ->
              assertThat(after.get(file)).as("%s is untouched; %s", file, what).isEqualTo(bytes));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void open_middleSegmentDeleted_failsWithOffsetGapAtTheNextSegment(boolean keepCheckpoint) {
    Path copy = copy();
    if (!keepCheckpoint) {
      LogFiles.deleteCheckpoint(LogFiles.partitionDir(copy, STREAM, 0));
    }
    List<Path> segments = segments(copy);
    int gone = segments.size() / 2;
    LogFiles.delete(segments.get(gone));
    String what = "deleted " + segments.get(gone) + ", checkpoint kept: " + keepCheckpoint;
    assertThatThrownBy(() -> EmbeddedLog.open(options(copy)).close())
        .as(what)
        .isInstanceOfSatisfying(
            CorruptLogException.class,
            e -> {
              assertThat(e.file()).as(what).isEqualTo(segments.get(gone + 1));
              assertThat(e.position()).as(what).isZero();
              assertThat(e.getMessage()).as(what).contains("gap");
            });
  }

  @Test
  void open_segmentNamedByCheckpointDeleted_fails() {
    Path copy = copy();
    Path last = segments(copy).getLast();
    LogFiles.delete(last);
    LogFiles.delete(LogFiles.offsetIndexFile(last));
    LogFiles.delete(LogFiles.timeIndexFile(last));
    long durableEnd;
    try (Log log = EmbeddedLog.open(options(copy))) {
      durableEnd = log.partition(STREAM, 0).durableEnd();
    } catch (CorruptLogException e) {
      assertThat(e.file()).as("the missing segment is named").isEqualTo(last);
      return;
    }
    fail(
        "the log opened with durable end %d although %d records were acknowledged and the recovery"
            + " checkpoint names the deleted segment %s",
        durableEnd, written.size(), last);
  }

  /**
   * Regression: open re-walks the headers after a segment's last index entry without checking CRCs,
   * and takes the first one's base offset on trust, so a damaged base offset in it moved the
   * partition's end offset instead of failing.
   */
  @Test
  void open_baseOffsetFlippedInLastDurableFrame_failsInsteadOfMovingTheEndOffset() {
    Path directory = dir.resolve("every-frame-indexed");
    // An index entry for every frame: the re-walk at open starts at the last frame.
    LogOptions options = LogOptions.builder(directory).indexIntervalBytes(1).build();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of(STREAM, 1));
      for (int i = 0; i < 10; i++) {
        log.append(STREAM, 0, List.of(NewRecord.of(null, LogFiles.utf8("v" + i), 100 + i))).join();
      }
    }
    Path segment = segments(directory).getFirst();
    Frame last = LogFiles.frames(segment).getLast();
    LogFiles.flipBit(segment, last.position() + 12, 0); // baseOffset += 2^56
    long endOffset;
    try (Log log = EmbeddedLog.open(options)) {
      endOffset = log.partition(STREAM, 0).endOffset();
    } catch (CorruptLogException e) {
      assertIsFrame(e, segment, last, "flipped base offset of " + last);
      return;
    }
    fail(
        "opened with end offset %d instead of failing at byte %d of %s",
        endOffset, last.position(), segment);
  }

  /**
   * Regression: offsetForTime walks frame headers without checking CRCs, so a damaged max timestamp
   * made it skip the frame holding the answer and return a later offset.
   */
  @Test
  void offsetForTime_maxTimestampLoweredInDurableFrame_failsInsteadOfSkippingIt() {
    Path copy = copy();
    Path segment = segments(copy).getFirst();
    List<Frame> frames = LogFiles.frames(segment);
    Frame bad = frames.get(frames.size() / 2);
    long maxTimestamp =
        ByteBuffer.wrap(LogFiles.readAllBytes(segment)).getLong((int) bad.position() + 32);
    int bit = 63 - Long.numberOfLeadingZeros(maxTimestamp); // clearing it puts max below every time
    LogFiles.flipBit(segment, bad.position() + 32 + 7 - bit / 8, bit % 8);
    long t = written.get((int) bad.baseOffset()).eventTime();
    try (Log log = EmbeddedLog.open(options(copy))) {
      assertCorruptAt(
          () -> log.offsetForTime(STREAM, 0, t),
          segment,
          bad,
          "offsetForTime(" + t + ") whose answer " + bad.baseOffset() + " is in damaged " + bad);
    }
  }

  /**
   * Any single bit flip in the header of a durable frame: open either fails naming that frame or
   * succeeds, and then every read and time lookup returns exactly what was written or fails naming
   * that frame. Never a wrong answer, never a healthy frame blamed.
   */
  @Test
  void bitFlipInDurableFrameHeader_isNeverServedNorBlamedOnAnotherFrame() {
    Random random = new Random(SEED + 4);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Path copy = copy();
      List<Path> segments = segments(copy);
      Path segment = segments.get(random.nextInt(segments.size()));
      List<Frame> frames = LogFiles.frames(segment);
      Frame bad = frames.get(random.nextInt(frames.size()));
      long flipAt = bad.position() + random.nextInt(LogFiles.FRAME_HEADER);
      int bit = random.nextInt(8);
      LogFiles.flipBit(segment, flipAt, bit);
      String what = "bit " + bit + " of byte " + flipAt + " of " + segment + ", " + bad;
      Log log;
      try {
        log = EmbeddedLog.open(options(copy));
      } catch (CorruptLogException e) {
        check(e, segment, bad, "open", what, problems);
        continue;
      }
      try (log) {
        for (long o = 0; o < written.size(); o++) {
          try {
            List<LogRecord> r = log.read(STREAM, 0, o, 1).records();
            if (r.isEmpty() || !r.equals(written.subList((int) o, (int) o + r.size()))) {
              problems.add("read(" + o + ") returned wrong records; " + what);
            }
          } catch (CorruptLogException e) {
            check(e, segment, bad, "read(" + o + ")", what, problems);
          }
        }
        for (long t : LogFiles.probeTimestamps(written, random, 30)) {
          long expected = LogFiles.firstOffsetAtOrAfter(written, t);
          try {
            long got = log.offsetForTime(STREAM, 0, t);
            if (got != expected) {
              problems.add(
                  "offsetForTime(" + t + ") = " + got + ", expected " + expected + "; " + what);
            }
          } catch (CorruptLogException e) {
            check(e, segment, bad, "offsetForTime(" + t + ")", what, problems);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(
          "%d problems, seed=%d; the first:%n%s",
          problems.size(),
          SEED,
          String.join("\n", problems.subList(0, Math.min(problems.size(), 15))));
    }
  }

  private static void check(
      CorruptLogException e,
      Path file,
      Frame bad,
      String call,
      String what,
      List<String> problems) {
    if (!e.file().equals(file) || e.position() != bad.position()) {
      problems.add(call + " blamed byte " + e.position() + " of " + e.file() + "; " + what);
    }
  }

  @Test
  void open_segmentShorterThanItsCheckpoint_failsAtItsEnd() {
    Random random = new Random(SEED + 3);
    List<Frame> frames = LogFiles.frames(segments(template).getLast());
    Frame lastFrame = frames.getLast();
    long[] cuts = {
      lastFrame.end() - 1,
      lastFrame.position(),
      lastFrame.position() + 1 + random.nextInt(lastFrame.length() - 1),
      frames.get(random.nextInt(frames.size())).position(),
      0
    };
    for (long cut : cuts) {
      Path copy = copy();
      Path last = segments(copy).getLast();
      LogFiles.truncate(last, cut);
      String what = "cut " + last + " to " + cut + " bytes, seed=" + SEED;
      assertThatThrownBy(() -> EmbeddedLog.open(options(copy)).close())
          .as(what)
          .isInstanceOfSatisfying(
              CorruptLogException.class,
              e -> {
                assertThat(e.file()).as(what).isEqualTo(last);
                assertThat(e.position()).as(what).isEqualTo(cut);
              });
      assertThat(LogFiles.size(last)).as(what).isEqualTo(cut);
    }
  }

  private void assertServed(List<LogRecord> records, long from, Frame bad, String what) {
    assertThat(records).as(what).isNotEmpty();
    assertThat(records).as(what).noneMatch(r -> bad.holds(r.offset()));
    assertThat(records)
        .as(what)
        .isEqualTo(written.subList((int) from, (int) from + records.size()));
  }

  private static void assertCorruptAt(ThrowingCallable call, Path file, Frame bad, String what) {
    assertThatThrownBy(call)
        .as(what)
        .isInstanceOfSatisfying(CorruptLogException.class, e -> assertIsFrame(e, file, bad, what));
  }

  private static void assertIsFrame(CorruptLogException e, Path file, Frame bad, String what) {
    assertThat(e.file()).as(what).isEqualTo(file);
    assertThat(e.position()).as(what).isEqualTo(bad.position());
    assertThat(e.code()).as(what).isEqualTo("corrupt_log");
    assertThat(e.getMessage()).as(what).contains(file.toString());
  }
}
