package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.internal.LogFiles.EventTimes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Index files are caches of the log: whatever happens to them, reopening must rebuild them, count
 * the rebuilds in the recovery report, and serve every record and every time lookup exactly as
 * before.
 *
 * <p>The template log has many small segments and index entries, and event times that wander
 * (mostly up, sometimes jumping back) so that time lookups depend on the running maxima the time
 * index stores. Time lookups are compared with a brute-force scan of what was written. Seed: {@code
 * -Dkappa.test.seed}.
 */
class RecoveryIndexDamageTest {

  private static final String STREAM = "s";
  private static final long SEED = LogFiles.seed(0x1DE7_DA3AL);

  @TempDir Path dir;

  private Path template;
  private List<LogRecord> written;

  enum Damage {
    DELETE,
    GARBAGE,
    TRUNCATE,
    FLIP_BYTE
  }

  private static LogOptions options(Path directory) {
    return LogOptions.builder(directory).segmentBytes(1024).indexIntervalBytes(128).build();
  }

  @BeforeEach
  void writeTemplate() {
    Random random = new Random(SEED);
    template = dir.resolve("template");
    written = new ArrayList<>();
    EventTimes times = EventTimes.wandering(1_000_000, 300);
    try (Log log = EmbeddedLog.open(options(template))) {
      log.createStream(StreamConfig.of(STREAM, 1));
      for (int b = 0; b < 400; b++) {
        List<NewRecord> batch = LogFiles.randomBatch(random, 1 + random.nextInt(3), 1, 40, times);
        LogFiles.append(log, STREAM, 0, batch, written);
      }
      assertThat(log.partition(STREAM, 0).segmentCount()).as("seed=%d", SEED).isGreaterThan(20);
      assertServesEverything(log, template, "live log, seed=" + SEED);
    }
  }

  @Test
  void reopen_undamagedIndexes_rebuildsNothingAndAnswersEveryLookup() {
    Path copy = dir.resolve("copy");
    LogFiles.copyDirectory(template, copy);
    try (Log log = EmbeddedLog.open(options(copy))) {
      assertThat(log.recoveryReport().partitions()).as("seed=%d", SEED).isEmpty();
      assertServesEverything(log, copy, "clean reopen, seed=" + SEED);
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void reopen_damagedIndexFiles_rebuildsAndCountsThemAndServesEverything(Damage damage) {
    Path copy = dir.resolve("copy");
    LogFiles.copyDirectory(template, copy);
    Random random = new Random(SEED ^ damage.ordinal());
    List<Path> segments = LogFiles.segmentFiles(LogFiles.partitionDir(copy, STREAM, 0));
    TreeSet<Integer> chosen = new TreeSet<>(List.of(0, segments.size() - 1));
    while (chosen.size() < 8) {
      chosen.add(random.nextInt(segments.size()));
    }
    int damaged = 0;
    for (int i : chosen) {
      int which = random.nextInt(3); // 0: .index, 1: .timeindex, 2: both
      if (which != 1) {
        damage(LogFiles.offsetIndexFile(segments.get(i)), damage, random);
        damaged++;
      }
      if (which != 0) {
        damage(LogFiles.timeIndexFile(segments.get(i)), damage, random);
        damaged++;
      }
    }
    String what = "damage=" + damage + " of segments " + chosen + ", seed=" + SEED;

    try (Log log = EmbeddedLog.open(options(copy))) {
      RecoveryReport report = log.recoveryReport();
      assertThat(report.partitions()).as(what).hasSize(1);
      RecoveryReport.PartitionRecovery recovery = report.partitions().getFirst();
      assertThat(recovery.rebuiltIndexes()).as(what).isEqualTo(damaged);
      assertThat(recovery.truncatedBytes()).as(what).isZero();
      assertThat(recovery.scannedBytes()).as(what).isZero();
      assertServesEverything(log, copy, what);
    }
    try (Log log = EmbeddedLog.open(options(copy))) {
      assertThat(log.recoveryReport().partitions())
          .as("rebuilt indexes are written back, so a second reopen rebuilds nothing; " + what)
          .isEmpty();
      assertServesEverything(log, copy, "second reopen, " + what);
    }
  }

  /**
   * Regression: reopening re-walks a segment from its last index entry, but started the running
   * maximum of event times from the previous time-index entry's key. A larger event time in a frame
   * between that entry and the re-walk start was forgotten, so lookups for it skipped the segment.
   */
  @Test
  void reopen_eventTimeSpikeBetweenTimeIndexEntries_isStillFound() {
    Path directory = dir.resolve("spike");
    LogOptions options =
        LogOptions.builder(directory).segmentBytes(1 << 20).indexIntervalBytes(256).build();
    long[] eventTimes = {10, 11, 12, 13, 1_000, 14, 15, 16, 17, 18, 19, 20};
    List<LogRecord> records = new ArrayList<>();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of(STREAM, 1));
      for (long t : eventTimes) {
        LogFiles.append(log, STREAM, 0, List.of(NewRecord.of(null, new byte[40], t)), records);
      }
      assertThat(log.offsetForTime(STREAM, 0, 500)).as("live log").isEqualTo(4);
    }
    try (Log log = EmbeddedLog.open(options)) {
      for (long t = 0; t <= 1_001; t++) {
        assertThat(log.offsetForTime(STREAM, 0, t))
            .as("offsetForTime(%d) after reopen, frames at %s", t, framesOf(directory))
            .isEqualTo(LogFiles.firstOffsetAtOrAfter(records, t));
      }
    }
  }

  /**
   * Regression: a roll writes the old segment's index files while the maintenance thread may be
   * checkpointing the same segment; both wrote through one temporary file name, so one rename
   * failed and the log stopped accepting writes.
   */
  @Test
  void roll_whileCheckpointsRunConstantly_neverFailsTheLog() {
    LogOptions options =
        LogOptions.builder(dir.resolve("busy"))
            .segmentBytes(1024)
            .indexIntervalBytes(64)
            .checkpointInterval(Duration.ofMillis(1))
            .build();
    Random random = new Random(SEED);
    EventTimes times = EventTimes.increasing(0);
    List<LogRecord> records = new ArrayList<>();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of(STREAM, 1));
      while (log.partition(STREAM, 0).segmentCount() < 300) {
        List<NewRecord> batch = LogFiles.randomBatch(random, 1 + random.nextInt(3), 1, 60, times);
        LogFiles.append(log, STREAM, 0, batch, records);
      }
    }
    try (Log log = EmbeddedLog.open(options)) {
      assertThat(LogFiles.readAll(log, STREAM, 0, 1 << 16)).isEqualTo(records);
    }
  }

  private static String framesOf(Path directory) {
    return LogFiles.frames(
            LogFiles.segmentFiles(LogFiles.partitionDir(directory, STREAM, 0)).getFirst())
        .stream()
        .map(f -> f.position() + "")
        .toList()
        .toString();
  }

  private static void damage(Path file, Damage damage, Random random) {
    byte[] bytes = LogFiles.readAllBytes(file);
    switch (damage) {
      case DELETE -> LogFiles.delete(file);
      case GARBAGE -> LogFiles.write(file, LogFiles.randomBytes(random, random.nextInt(200)));
      case TRUNCATE -> LogFiles.truncate(file, random.nextInt(bytes.length));
      case FLIP_BYTE -> {
        bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
        LogFiles.write(file, bytes);
      }
    }
  }

  /**
   * Every record reads back from the start and from sampled offsets (each segment's first offset
   * and its neighbours among them), and offsetForTime agrees with a brute-force scan.
   */
  private void assertServesEverything(Log log, Path directory, String what) {
    Random random = new Random(SEED + 7);
    assertThat(log.partition(STREAM, 0).durableEnd()).as(what).isEqualTo(written.size());
    assertThat(LogFiles.readAll(log, STREAM, 0, 1 + random.nextInt(400)))
        .as(what)
        .isEqualTo(written);

    Path partition = LogFiles.partitionDir(directory, STREAM, 0);
    TreeSet<Long> offsets = new TreeSet<>();
    for (Path segment : LogFiles.segmentFiles(partition)) {
      long base = LogFiles.baseOffset(segment);
      for (long o = base - 1; o <= base + 1; o++) {
        if (o >= 0 && o < written.size()) {
          offsets.add(o);
        }
      }
    }
    for (int i = 0; i < 60; i++) {
      offsets.add((long) random.nextInt(written.size()));
    }
    for (long offset : offsets) {
      int maxBytes = 1 + random.nextInt(600);
      List<LogRecord> read = log.read(STREAM, 0, offset, maxBytes).records();
      assertThat(read).as("read(%d, %d), %s", offset, maxBytes, what).isNotEmpty();
      assertThat(read)
          .as("read(%d, %d), %s", offset, maxBytes, what)
          .isEqualTo(written.subList((int) offset, (int) offset + read.size()));
    }

    for (long t : LogFiles.probeTimestamps(written, random, 150)) {
      assertThat(log.offsetForTime(STREAM, 0, t))
          .as("offsetForTime(%d), %s", t, what)
          .isEqualTo(LogFiles.firstOffsetAtOrAfter(written, t));
    }
  }
}
