package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.Header;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.log.LogRecord;
import dev.kappa.log.MutableClock;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecordTooLargeException;
import dev.kappa.log.SeedExtension;
import dev.kappa.log.SeedExtension.Seed;
import dev.kappa.log.StreamConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Records survive encoding into frames and decoding through the public read path unchanged. */
@ExtendWith(SeedExtension.class)
class RecordEncoderTest {

  private static final long CLOCK = 1_700_000_000_000L;
  private static final String[] HEADER_KEYS = {"", "h", "trace-id", "ключ", "键", "🔑", "a\u0000b"};
  private static final long[] TIMES = {
    Long.MIN_VALUE + 1, Long.MAX_VALUE, -1, 0, 1, -86_400_000L, CLOCK, NewRecord.NO_TIMESTAMP
  };

  @TempDir Path dir;

  private static NewRecord randomRecord(Random random) {
    byte[] key =
        switch (random.nextInt(3)) {
          case 0 -> null;
          case 1 -> new byte[0];
          default -> bytes(random, 1 + random.nextInt(30));
        };
    List<Header> headers = new ArrayList<>();
    for (int h = random.nextInt(5); h > 0; h--) {
      String headerKey = HEADER_KEYS[random.nextInt(HEADER_KEYS.length)];
      byte[] value =
          switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> new byte[0];
            default -> bytes(random, 1 + random.nextInt(20));
          };
      headers.add(new Header(headerKey, value));
    }
    long time =
        random.nextBoolean()
            ? TIMES[random.nextInt(TIMES.length)]
            : random.nextLong() | 1; // never NO_TIMESTAMP by accident
    return new NewRecord(key, bytes(random, random.nextInt(200)), headers, time);
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** What reading {@code sent} back at {@code offset} must give. */
  private static LogRecord expected(NewRecord sent, long offset, long appendTime) {
    long eventTime = sent.eventTime() == NewRecord.NO_TIMESTAMP ? appendTime : sent.eventTime();
    return new LogRecord(
        0, offset, eventTime, appendTime, sent.key(), sent.value(), sent.headers());
  }

  @Test
  void append_thenRead_returnsEveryFieldUnchanged(Seed seed) {
    Random random = new Random(seed.value());
    MutableClock clock = new MutableClock(CLOCK);
    LogOptions options = LogOptions.builder(dir).segmentBytes(8192).clock(clock).build();
    List<LogRecord> expected = new ArrayList<>();
    try (Log log = DefaultLog.open(options, FileSync.DEFAULT)) {
      log.createStream(StreamConfig.of("s", 1));
      for (int b = 0; b < 60; b++) {
        long appendTime = clock.advance(random.nextInt(1000));
        List<NewRecord> batch = new ArrayList<>();
        for (int i = 1 + random.nextInt(10); i > 0; i--) {
          NewRecord record = randomRecord(random);
          batch.add(record);
          expected.add(expected(record, expected.size(), appendTime));
        }
        log.append("s", 0, batch).join();
      }
      assertThat(readAll(log)).isEqualTo(expected);
      assertThat(readAllThroughViews(log)).isEqualTo(expected);
    }
    try (Log log = DefaultLog.open(options, FileSync.DEFAULT)) {
      assertThat(readAll(log)).as("after reopen").isEqualTo(expected);
    }
  }

  @Test
  void append_withExtremeEventTimesInOneBatch_wrapsDeltasAndDecodesThem() {
    MutableClock clock = new MutableClock(CLOCK);
    List<NewRecord> batch = new ArrayList<>();
    for (long time : TIMES) {
      batch.add(NewRecord.of(null, new byte[0], time));
    }
    for (int i = TIMES.length - 1; i >= 0; i--) {
      batch.add(NewRecord.of(new byte[0], new byte[] {1}, TIMES[i]));
    }
    try (Log log =
        DefaultLog.open(LogOptions.builder(dir).clock(clock).build(), FileSync.DEFAULT)) {
      log.createStream(StreamConfig.of("s", 1));
      log.append("s", 0, batch).join();
      List<LogRecord> read = readAll(log);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(read.get(i)).isEqualTo(expected(batch.get(i), i, CLOCK));
      }
    }
  }

  @Test
  void encode_manyLargeRecords_makesOneFrameHoldingEveryRecord(Seed seed) {
    Random random = new Random(seed.value());
    RecordEncoder encoder = new RecordEncoder();
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int size = random.nextInt(4) == 0 ? 1_500_000 : 100_000 + random.nextInt(300_000);
      records.add(new NewRecord(null, bytes(random, size), List.of(), 1_000L * (i % 5)));
    }
    RecordEncoder.EncodedBatch batch = encoder.encode(records, 100, CLOCK);
    ByteBuffer frame = copy(batch.frame());
    encoder.release();
    BatchHeader header = BatchHeader.parse(frame, 0, frame.limit()).header();
    assertThat(header).isNotNull();
    assertThat(header.length()).isEqualTo(frame.limit());
    assertThat(header.crc()).isEqualTo(BatchHeader.computeCrc(frame, 0, frame.limit()));
    assertThat(header.baseOffset()).isEqualTo(100);
    assertThat(header.recordCount()).isEqualTo(records.size());
    assertThat(header.maxTimestamp()).isEqualTo(4_000L);
    assertThat(header.baseTimestamp()).isEqualTo(0L);
    List<LogRecord> decoded = new FrameRecords(0, frame, 100, batch.nextOffset()).records();
    for (int i = 0; i < records.size(); i++) {
      assertThat(decoded.get(i)).isEqualTo(expected(records.get(i), 100 + i, CLOCK));
    }
  }

  @Test
  void validate_rejectsFirstOversizeRecordByIndex() {
    List<NewRecord> records =
        List.of(
            NewRecord.of(new byte[10]),
            new NewRecord(null, new byte[10], List.of(new Header("k", new byte[2000])), 1),
            NewRecord.of(new byte[5000]));
    assertThatThrownBy(() -> RecordEncoder.validate(records, 1024, 1 << 20))
        .isInstanceOf(RecordTooLargeException.class)
        .hasMessageContaining("record #1 ");
  }

  @Test
  void validate_batchOverItsLimit_isRejectedAsAWhole() {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(NewRecord.of(new byte[500]));
    }
    RecordEncoder.validate(records, 1024, 10 * 1024);
    assertThatThrownBy(() -> RecordEncoder.validate(records, 1024, 4096))
        .isInstanceOf(RecordTooLargeException.class)
        .hasMessageContaining("batch of 10 records");
  }

  private static ByteBuffer copy(ByteBuffer frame) {
    ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
    copy.put(frame.duplicate()).flip();
    return copy;
  }

  private static List<LogRecord> readAll(Log log) {
    List<LogRecord> records = new ArrayList<>();
    long offset = 0;
    while (offset < log.partition("s", 0).durableEnd()) {
      ReadResult result = log.read("s", 0, offset, 1000);
      records.addAll(result.records());
      offset = result.nextOffset();
    }
    return records;
  }

  /** Reads through the zero-copy views, decoding each field by hand. */
  private static List<LogRecord> readAllThroughViews(Log log) {
    List<LogRecord> records = new ArrayList<>();
    long offset = 0;
    while (offset < log.partition("s", 0).durableEnd()) {
      ReadResult result = log.read("s", 0, offset, 3000);
      result.forEach(
          view ->
              records.add(
                  new LogRecord(
                      view.partition(),
                      view.offset(),
                      view.eventTime(),
                      view.appendTime(),
                      view.key() == null ? null : drain(view.key()),
                      drain(view.value()),
                      view.headers())));
      offset = result.nextOffset();
    }
    return records;
  }

  private static byte[] drain(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
