package dev.kappa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Header;
import dev.kappa.log.InvalidStreamNameException;
import dev.kappa.log.KeyPartitioner;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.OffsetOutOfRangeException;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecordTooLargeException;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.log.StreamInfo;
import dev.kappa.log.UnknownPartitionException;
import dev.kappa.log.UnknownStreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryLog} against the log's contract, with the expectations of the embedded log's tests
 * where they apply: dense offsets, append times from the clock, key partitioning, reads bounded by
 * bytes but never empty, time lookups, waiting for records, typed errors.
 */
class InMemoryLogTest {

  private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(5_000));
  private final InMemoryLog log = new InMemoryLog(clock);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void append_thenRead_returnsRecordsAtDenseOffsets() {
    log.createStream(StreamConfig.of("s", 2));
    List<NewRecord> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(
          new NewRecord(
              i % 3 == 0 ? null : utf8("k" + i),
              utf8("v" + i),
              i % 5 == 0
                  ? List.of(new Header("h", utf8("x" + i)), new Header("n", null))
                  : List.of(),
              i % 7 == 0 ? NewRecord.NO_TIMESTAMP : 1_000L + i));
    }
    AppendResult first = log.append("s", 1, batch.subList(0, 40)).join();
    clock.advance(Duration.ofMillis(10));
    AppendResult second = log.append("s", 1, batch.subList(40, 100)).join();

    assertThat(first).isEqualTo(new AppendResult("s", 1, 0, 40, 5_000));
    assertThat(second).isEqualTo(new AppendResult("s", 1, 40, 60, 5_010));
    List<LogRecord> read = log.read("s", 1, 0, 1 << 20).records();
    assertThat(read).hasSize(100);
    for (int i = 0; i < 100; i++) {
      LogRecord r = read.get(i);
      NewRecord w = batch.get(i);
      long appendTime = i < 40 ? 5_000 : 5_010;
      assertThat(r)
          .isEqualTo(
              new LogRecord(
                  1,
                  i,
                  w.eventTime() == NewRecord.NO_TIMESTAMP ? appendTime : w.eventTime(),
                  appendTime,
                  w.key(),
                  w.value(),
                  w.headers()));
    }
    assertThat(log.read("s", 1, 37, 10).records().getFirst().offset()).isEqualTo(37);
    assertThat(log.partition("s", 1).durableEnd()).isEqualTo(100);
    assertThat(log.partition("s", 0).endOffset()).isZero();
    clock.set(Instant.ofEpochMilli(1_000)); // the clock goes back; append times do not
    assertThat(log.append("s", 1, List.of(NewRecord.ofUtf8("x"))).join().appendTime())
        .isEqualTo(5_010);
  }

  @Test
  void read_withSmallMaxBytes_returnsAtLeastOneRecord_andPagesThroughAll() {
    log.createStream(StreamConfig.of("s", 1));
    Random random = new Random(3);
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String v = "value-" + i + "-" + "x".repeat(random.nextInt(300));
      written.add(v);
      log.append("s", 0, List.of(NewRecord.ofUtf8(v))).join();
    }
    assertThat(log.read("s", 0, 0, 1).recordCount()).isEqualTo(1);
    List<String> read = new ArrayList<>();
    long offset = 0;
    while (offset < log.partition("s", 0).durableEnd()) {
      ReadResult r = log.read("s", 0, offset, 1_000);
      assertThat(r.firstOffset()).isEqualTo(offset);
      if (r.recordCount() > 1) {
        assertThat(r.sizeInBytes()).isLessThanOrEqualTo(1_000);
      }
      r.forEach(rec -> read.add(StandardCharsets.UTF_8.decode(rec.value()).toString()));
      offset = r.nextOffset();
    }
    assertThat(read).isEqualTo(written);
    assertThat(log.read("s", 0, 200, 1_000).isEmpty()).isTrue();
    assertThatThrownBy(() -> log.read("s", 0, 201, 1_000))
        .isInstanceOf(OffsetOutOfRangeException.class);
    assertThatThrownBy(() -> log.read("s", 0, -1, 1_000))
        .isInstanceOf(OffsetOutOfRangeException.class);
  }

  @Test
  void appendByKey_placesKeysLikeKeyPartitioner_andKeylessRecordsRoundRobin() {
    log.createStream(StreamConfig.of("s", 4));
    List<NewRecord> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(NewRecord.of(utf8("key-" + (i % 9)), utf8("v" + i), i));
    }
    List<AppendResult> results = log.appendByKey("s", batch).join();
    assertThat(results).extracting(AppendResult::partition).isSorted().doesNotHaveDuplicates();
    for (int p = 0; p < 4; p++) {
      for (LogRecord r : log.read("s", p, 0, 1 << 20).records()) {
        assertThat(KeyPartitioner.partition(r.key(), 4)).isEqualTo(p);
      }
    }
    List<Integer> keyless = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keyless.add(
          log.appendByKey("s", List.of(NewRecord.ofUtf8("x"))).join().getFirst().partition());
    }
    assertThat(keyless.subList(0, 4)).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(keyless.subList(4, 8)).isEqualTo(keyless.subList(0, 4));
  }

  @Test
  void offsetForTime_withUnorderedTimes_matchesBruteForce() {
    log.createStream(StreamConfig.of("s", 1));
    Random random = new Random(17);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long t = random.nextInt(10) == 0 ? NewRecord.NO_TIMESTAMP : random.nextInt(10_000);
      times.add(t == NewRecord.NO_TIMESTAMP ? clock.millis() : t);
      log.append("s", 0, List.of(NewRecord.of(null, utf8("v"), t))).join();
    }
    for (long probe = -1; probe <= 10_001; probe += 37) {
      long expected = times.size();
      for (int o = times.size() - 1; o >= 0; o--) {
        expected = times.get(o) >= probe ? o : expected;
      }
      assertThat(log.offsetForTime("s", 0, probe)).as("probe %d", probe).isEqualTo(expected);
    }
    assertThat(log.offsetForTime("s", 0, Long.MAX_VALUE)).isEqualTo(300);
  }

  @Test
  void poll_atTheEnd_waitsForTheNextRecord_orTimesOutEmpty() throws Exception {
    log.createStream(StreamConfig.of("s", 1));
    assertThat(log.poll("s", 0, 0, 1_000, Duration.ofMillis(20)).isEmpty()).isTrue();
    CompletableFuture<Long> durable = log.awaitDurable("s", 0, 0);
    Thread appender =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                  log.append("s", 0, List.of(NewRecord.ofUtf8("late"))).join();
                });
    ReadResult result = log.poll("s", 0, 0, 1_000, Duration.ofSeconds(30));
    appender.join();
    assertThat(result.records()).extracting(LogRecord::valueAsString).containsExactly("late");
    assertThat(durable.join()).isEqualTo(1);
    assertThat(log.awaitDurable("s", 0, 0)).isCompletedWithValue(1L);
  }

  @Test
  void streams_areListedByName_andDescribed() {
    log.createStream(StreamConfig.of("b", 2));
    log.createStream(StreamConfig.of("a", 1));
    log.append("b", 1, List.of(NewRecord.ofUtf8("x"), NewRecord.ofUtf8("y"))).join();
    assertThat(log.listStreams()).extracting(StreamInfo::name).containsExactly("a", "b");
    StreamInfo b = log.describeStream("b");
    assertThat(b.recordCount()).isEqualTo(2);
    assertThat(b.partitions().get(1).endOffset()).isEqualTo(2);
    assertThat(log.hasStream("a")).isTrue();
    assertThat(log.hasStream("c")).isFalse();
    assertThat(log.failure()).isEmpty();
    assertThat(log.recoveryReport().partitions()).isEmpty();
  }

  @Test
  void badInput_isRejectedWithTypedErrors_beforeAnythingIsWritten() {
    InMemoryLog small = new InMemoryLog(clock, 64, 128);
    small.createStream(StreamConfig.of("s", 1));
    assertThatThrownBy(() -> small.createStream(StreamConfig.of("s", 3)))
        .isInstanceOf(StreamExistsException.class);
    assertThatThrownBy(() -> small.append("nope", 0, List.of(NewRecord.ofUtf8("x"))))
        .isInstanceOf(UnknownStreamException.class);
    assertThatThrownBy(() -> small.read("../etc", 0, 0, 1))
        .isInstanceOf(InvalidStreamNameException.class);
    assertThatThrownBy(() -> small.append("s", 1, List.of(NewRecord.ofUtf8("x"))))
        .isInstanceOf(UnknownPartitionException.class);
    assertThatThrownBy(() -> small.append("s", 0, List.of(NewRecord.of(new byte[100]))))
        .isInstanceOf(RecordTooLargeException.class);
    List<NewRecord> tooMany =
        List.of(NewRecord.of(new byte[20]), NewRecord.of(new byte[20]), NewRecord.of(new byte[20]));
    assertThatThrownBy(() -> small.append("s", 0, tooMany))
        .isInstanceOf(RecordTooLargeException.class);
    assertThat(small.partition("s", 0).endOffset()).isZero();
  }

  @Test
  void close_failsWaiters_andLaterCalls() {
    log.createStream(StreamConfig.of("s", 1));
    CompletableFuture<Long> waiting = log.awaitDurable("s", 0, 0);
    log.close();
    assertThat(waiting).isCompletedExceptionally();
    assertThatThrownBy(() -> log.append("s", 0, List.of(NewRecord.ofUtf8("x"))))
        .isInstanceOf(LogClosedException.class);
    assertThatThrownBy(log::listStreams).isInstanceOf(LogClosedException.class);
    log.close(); // idempotent
  }

  @Test
  void records_readAreCopies_soChangingThemLeavesTheLogAlone() {
    log.createStream(StreamConfig.of("s", 1));
    byte[] value = utf8("abc");
    log.append("s", 0, List.of(NewRecord.of(value))).join();
    value[0] = 'z';
    log.read("s", 0, 0, 100).records().getFirst().value()[1] = 'z';
    assertThat(log.read("s", 0, 0, 100).records().getFirst().valueAsString()).isEqualTo("abc");
  }
}
