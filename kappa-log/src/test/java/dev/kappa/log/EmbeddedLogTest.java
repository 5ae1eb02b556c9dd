package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedLogTest {

  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void append_thenRead_returnsRecordsAtDenseOffsets() {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 1));
      List<NewRecord> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        batch.add(
            new NewRecord(
                i % 3 == 0 ? null : utf8("k" + i),
                utf8("v" + i),
                i % 5 == 0
                    ? List.of(new Header("h", utf8("x" + i)), new Header("n", null))
                    : List.of(),
                1_000L + i));
      }
      AppendResult result = log.append("s", 0, batch).join();
      assertThat(result.baseOffset()).isZero();
      assertThat(result.lastOffset()).isEqualTo(99);
      List<LogRecord> read = log.read("s", 0, 0, 1 << 20).records();
      assertThat(read).hasSize(100);
      for (int i = 0; i < 100; i++) {
        LogRecord r = read.get(i);
        NewRecord w = batch.get(i);
        assertThat(r.offset()).isEqualTo(i);
        assertThat(r.key()).isEqualTo(w.key());
        assertThat(r.value()).isEqualTo(w.value());
        assertThat(r.headers()).isEqualTo(w.headers());
        assertThat(r.eventTime()).isEqualTo(w.eventTime());
      }
      assertThat(log.read("s", 0, 37, 10).records().getFirst().offset()).isEqualTo(37);
    }
  }

  @Test
  void reopen_afterManySegments_keepsEveryRecord() {
    LogOptions options = LogOptions.builder(dir).segmentBytes(4096).indexIntervalBytes(256).build();
    Random random = new Random(42);
    List<String> written = new ArrayList<>();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of("s", 2));
      for (int b = 0; b < 200; b++) {
        List<NewRecord> batch = new ArrayList<>();
        int n = 1 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
          String v = "value-" + written.size() + "-" + "x".repeat(random.nextInt(50));
          written.add(v);
          batch.add(NewRecord.of(null, utf8(v), written.size()));
        }
        log.append("s", 1, batch).join();
      }
    }
    try (Log log = EmbeddedLog.open(options)) {
      assertThat(log.recoveryReport().partitions()).isEmpty();
      assertThat(log.partition("s", 1).segmentCount()).isGreaterThan(5);
      List<String> read = new ArrayList<>();
      long offset = 0;
      while (offset < log.partition("s", 1).durableEnd()) {
        ReadResult r = log.read("s", 1, offset, 1000);
        r.forEach(rec -> read.add(StandardCharsets.UTF_8.decode(rec.value()).toString()));
        offset = r.nextOffset();
      }
      assertThat(read).isEqualTo(written);
      for (int t = 0; t < 300; t += 7) {
        assertThat(log.offsetForTime("s", 1, t)).isEqualTo(Math.max(0, t - 1));
      }
      assertThat(log.offsetForTime("s", 1, 1_000_000)).isEqualTo(written.size());
    }
  }

  @Test
  void unknownStream_andBadName_areTyped() {
    try (Log log = EmbeddedLog.open(dir)) {
      assertThatThrownBy(() -> log.append("nope", 0, List.of(NewRecord.ofUtf8("x"))))
          .isInstanceOf(UnknownStreamException.class);
      assertThatThrownBy(() -> log.createStream(StreamConfig.of("../etc", 1)))
          .isInstanceOf(InvalidStreamNameException.class);
    }
  }
}
