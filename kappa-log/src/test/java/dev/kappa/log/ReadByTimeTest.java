package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.SeedExtension.Seed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Log#offsetForTime} against a brute-force scan, over event times that go back and forth,
 * repeat, and sometimes come from the log's clock, spread over many small segments.
 */
@ExtendWith(SeedExtension.class)
class ReadByTimeTest {

  private static final long CLOCK_START = 5_000_000L;

  @TempDir Path dir;

  private LogOptions options(MutableClock clock) {
    return LogOptions.builder(dir).segmentBytes(4096).indexIntervalBytes(128).clock(clock).build();
  }

  @Test
  void offsetForTime_withUnorderedEventTimes_matchesBruteForce(Seed seed) {
    MutableClock clock = new MutableClock(CLOCK_START);
    List<Long> times;
    try (Log log = EmbeddedLog.open(options(clock))) {
      log.createStream(StreamConfig.of("s", 1));
      times = appendRandomTimes(log, clock, new Random(seed.value()));
      assertThat(log.partition("s", 0).segmentCount()).isGreaterThan(5);
      assertThat(storedEventTimes(log)).isEqualTo(times);
      assertEveryLookupMatchesBruteForce(log, times, new Random(seed.value() + 1));
    }
  }

  @Test
  void offsetForTime_afterReopen_matchesBruteForce(Seed seed) {
    MutableClock clock = new MutableClock(CLOCK_START);
    List<Long> times;
    try (Log log = EmbeddedLog.open(options(clock))) {
      log.createStream(StreamConfig.of("s", 1));
      times = appendRandomTimes(log, clock, new Random(seed.value()));
    }
    try (Log log = EmbeddedLog.open(options(clock))) {
      assertThat(storedEventTimes(log)).isEqualTo(times);
      assertEveryLookupMatchesBruteForce(log, times, new Random(seed.value() + 1));
    }
  }

  /**
   * Regression: a frame that raises the segment's largest event time without getting a time-index
   * entry (it lies within one index interval of the previous entry) must still be found after a
   * reopen. Frames here are 118 bytes and the interval 128, so entries land on frames 2 and 4, and
   * frame 3 holds the largest time.
   */
  @Test
  void offsetForTime_afterReopen_findsLargestTimeHeldBetweenTimeIndexEntries() {
    LogOptions options = LogOptions.builder(dir).indexIntervalBytes(128).build();
    long[] times = {10, 10, 10, 1_000, 20, 30};
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of("s", 1));
      for (long time : times) {
        log.append("s", 0, List.of(NewRecord.of(null, new byte[60], time))).join();
      }
      assertThat(log.offsetForTime("s", 0, 500)).isEqualTo(3);
    }
    try (Log log = EmbeddedLog.open(options)) {
      assertThat(log.offsetForTime("s", 0, 500)).as("after reopen").isEqualTo(3);
      assertThat(log.offsetForTime("s", 0, 1_000)).as("after reopen").isEqualTo(3);
    }
  }

  /**
   * Appends batches whose event times wander, jump back, repeat, and in one record of ten are
   * {@link NewRecord#NO_TIMESTAMP}, which takes the clock's time. Returns every record's expected
   * event time, by offset.
   */
  private static List<Long> appendRandomTimes(Log log, MutableClock clock, Random random) {
    List<Long> times = new ArrayList<>();
    long time = 1_000_000;
    for (int b = 0; b < 600; b++) {
      clock.advance(random.nextInt(3));
      int size = 1 + random.nextInt(6);
      List<NewRecord> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        int kind = random.nextInt(20);
        if (kind < 2) {
          times.add(clock.millis());
          batch.add(new NewRecord(null, value(random), List.of(), NewRecord.NO_TIMESTAMP));
          continue;
        }
        if (kind == 2) {
          time -= 50_000 + random.nextInt(1_000_000); // a big jump back, sometimes negative
        } else if (kind == 3) {
          time += 2_000_000 + random.nextInt(10_000); // a jump past the clock's times
        } else if (kind > 10) {
          time += random.nextInt(2001) - 1000; // wander, repeating times now and then
        }
        times.add(time);
        batch.add(new NewRecord(null, value(random), List.of(), time));
      }
      log.append("s", 0, batch).join();
    }
    return times;
  }

  private static byte[] value(Random random) {
    byte[] value = new byte[random.nextInt(40)];
    random.nextBytes(value);
    return value;
  }

  private static List<Long> storedEventTimes(Log log) {
    List<Long> times = new ArrayList<>();
    long offset = 0;
    while (offset < log.partition("s", 0).durableEnd()) {
      ReadResult result = log.read("s", 0, offset, 4096);
      result.forEach(record -> times.add(record.eventTime()));
      offset = result.nextOffset();
    }
    return times;
  }

  private static void assertEveryLookupMatchesBruteForce(Log log, List<Long> times, Random random) {
    TreeSet<Long> probes = new TreeSet<>();
    for (long t : times) {
      probes.add(t);
      probes.add(t - 1);
      probes.add(t + 1);
    }
    long min = times.stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = times.stream().mapToLong(Long::longValue).max().orElseThrow();
    probes.add(Long.MIN_VALUE);
    probes.add(Long.MAX_VALUE);
    probes.add(min - 1_000_000);
    probes.add(max + 1_000_000);
    for (int i = 0; i < 200; i++) {
      probes.add(min + (long) (random.nextDouble() * (max - min)));
    }
    for (long t : probes) {
      assertThat(log.offsetForTime("s", 0, t))
          .as("offsetForTime(%d)", t)
          .isEqualTo(bruteForce(times, t));
    }
  }

  /** The first offset whose event time is at least {@code t}, or the end if there is none. */
  private static long bruteForce(List<Long> times, long t) {
    for (int offset = 0; offset < times.size(); offset++) {
      if (times.get(offset) >= t) {
        return offset;
      }
    }
    return times.size();
  }
}
