package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Creating, listing and describing streams, and the typed errors for bad names and input. */
class StreamLifecycleTest {

  @TempDir Path dir;

  private static NewRecord record(String value) {
    return NewRecord.ofUtf8(value);
  }

  @Test
  void createStream_thenListAndDescribe_showsStreamsSortedByName() {
    try (Log log = EmbeddedLog.open(dir)) {
      for (String name : List.of("orders", "Zeta", "alpha", "a.b-c_d", "0numbers")) {
        StreamInfo info = log.createStream(StreamConfig.of(name, 3));
        assertThat(info.name()).isEqualTo(name);
        assertThat(info.partitions()).hasSize(3);
      }
      assertThat(log.listStreams())
          .extracting(StreamInfo::name)
          .containsExactly("0numbers", "Zeta", "a.b-c_d", "alpha", "orders");
      log.append("orders", 2, List.of(record("a"), record("b"))).join();
      StreamInfo orders = log.describeStream("orders");
      assertThat(orders.config()).isEqualTo(StreamConfig.of("orders", 3));
      assertThat(orders.recordCount()).isEqualTo(2);
      assertThat(orders.partitions()).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
      assertThat(orders.partitions().get(2).endOffset()).isEqualTo(2);
      assertThat(log.hasStream("orders")).isTrue();
      assertThat(log.hasStream("missing")).isFalse();
    }
  }

  @Test
  void createStream_whenNameTaken_throwsStreamExists() {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 1));
      assertThatThrownBy(() -> log.createStream(StreamConfig.of("s", 4)))
          .isInstanceOf(StreamExistsException.class)
          .hasMessageContaining("'s'")
          .extracting(e -> ((LogException) e).code())
          .isEqualTo("stream_exists");
      assertThat(log.describeStream("s").partitions()).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "/abs", "a\\b", "..", "a..b", "../etc", ".hidden", "a b", "é"})
  void streamConfig_withUnsafeName_throwsInvalidStreamName(String name) {
    assertThatThrownBy(() -> StreamConfig.of(name, 1))
        .isInstanceOf(InvalidStreamNameException.class)
        .extracting(e -> ((LogException) e).code())
        .isEqualTo("invalid_stream_name");
  }

  @Test
  void streamConfig_nameLength_allows200AndRejects201() throws IOException {
    assertThatThrownBy(() -> StreamConfig.of("n".repeat(201), 1))
        .isInstanceOf(InvalidStreamNameException.class)
        .hasMessageContaining("201");
    assertThatThrownBy(() -> StreamConfig.validateName(null))
        .isInstanceOf(InvalidStreamNameException.class);
    String longest = "n".repeat(200);
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of(longest, 1));
      log.append(longest, 0, List.of(record("x"))).join();
    }
    try (Log log = EmbeddedLog.open(dir)) {
      assertThat(log.read(longest, 0, 0, 1024).records()).hasSize(1);
    }
    assertThat(Files.isDirectory(dir.resolve("streams").resolve(longest))).isTrue();
  }

  @Test
  void streamConfig_partitionCount_mustBeOneToMax() {
    assertThatThrownBy(() -> StreamConfig.of("s", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamConfig.of("s", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamConfig.of("s", StreamConfig.MAX_PARTITIONS + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> StreamConfig.of("s", StreamConfig.MAX_PARTITIONS))
        .doesNotThrowAnyException();
  }

  @Test
  void everyOperation_onUnknownStream_throwsUnknownStream() {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("known", 1));
      List<Runnable> calls =
          List.of(
              () -> log.describeStream("nope"),
              () -> log.append("nope", 0, List.of(record("x"))),
              () -> log.appendByKey("nope", List.of(record("x"))),
              () -> log.read("nope", 0, 0, 100),
              () -> log.offsetForTime("nope", 0, 0),
              () -> log.awaitDurable("nope", 0, 0),
              () -> log.partition("nope", 0));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(UnknownStreamException.class)
            .satisfies(e -> assertThat(((UnknownStreamException) e).stream()).isEqualTo("nope"));
      }
    }
  }

  @Test
  void everyOperation_onUnknownPartition_throwsUnknownPartition() {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 3));
      for (int partition : new int[] {-1, 3, Integer.MAX_VALUE}) {
        List<Runnable> calls =
            List.of(
                () -> log.append("s", partition, List.of(record("x"))),
                () -> log.read("s", partition, 0, 100),
                () -> log.offsetForTime("s", partition, 0),
                () -> log.awaitDurable("s", partition, 0),
                () -> log.partition("s", partition));
        for (Runnable call : calls) {
          assertThatThrownBy(call::run)
              .isInstanceOf(UnknownPartitionException.class)
              .hasMessageContaining("0..2");
        }
      }
      for (int p = 0; p < 3; p++) {
        assertThat(log.partition("s", p).endOffset()).isZero();
      }
    }
  }

  @Test
  void append_withOneRecordOverLimit_throwsAndWritesNothingOfTheBatch() {
    LogOptions options = LogOptions.builder(dir).maxRecordBytes(1024).build();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of("s", 1));
      log.append("s", 0, List.of(record("before"))).join();
      List<NewRecord> batch =
          List.of(record("ok-1"), record("ok-2"), NewRecord.of(new byte[2000]), record("ok-3"));
      assertThatThrownBy(() -> log.append("s", 0, batch))
          .isInstanceOf(RecordTooLargeException.class)
          .hasMessageContaining("#2")
          .hasMessageContaining("1024");
      assertThat(log.partition("s", 0).endOffset()).isEqualTo(1);
      assertThat(log.partition("s", 0).durableEnd()).isEqualTo(1);
      log.append("s", 0, List.of(record("after"))).join();
      assertThat(log.read("s", 0, 0, 4096).records())
          .extracting(LogRecord::valueAsString)
          .containsExactly("before", "after");
    }
  }

  @Test
  void appendByKey_withOversizeLastRecordForAnotherPartition_writesNothingAnywhere() {
    LogOptions options = LogOptions.builder(dir).maxRecordBytes(1024).build();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of("s", 8));
      List<NewRecord> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(NewRecord.of(utf8("key-" + i), utf8("v" + i), 1L));
      }
      batch.add(NewRecord.of(utf8("other-key"), new byte[4096], 1L));
      assertThatThrownBy(() -> log.appendByKey("s", batch))
          .isInstanceOf(RecordTooLargeException.class)
          .hasMessageContaining("#20");
      for (int p = 0; p < 8; p++) {
        assertThat(log.partition("s", p).endOffset()).as("partition %d", p).isZero();
      }
    }
    try (Log log = EmbeddedLog.open(options)) {
      for (int p = 0; p < 8; p++) {
        assertThat(log.partition("s", p).endOffset()).as("partition %d after reopen", p).isZero();
      }
    }
  }

  @Test
  void reopen_keepsStreamsAndTheirRetention() {
    StreamConfig kept =
        new StreamConfig("kept", 3, new RetentionPolicy(Duration.ofHours(36), 5_000_000));
    StreamConfig byAge = new StreamConfig("by-age", 1, RetentionPolicy.maxAge(Duration.ofDays(7)));
    StreamConfig bySize = new StreamConfig("by-size", 2, RetentionPolicy.maxBytes(1 << 30));
    StreamConfig forever = StreamConfig.of("forever", 5);
    try (Log log = EmbeddedLog.open(dir)) {
      for (StreamConfig config : List.of(kept, byAge, bySize, forever)) {
        log.createStream(config);
      }
      log.append("kept", 1, List.of(record("x"), record("y"))).join();
    }
    try (Log log = EmbeddedLog.open(dir)) {
      assertThat(log.listStreams())
          .extracting(StreamInfo::config)
          .containsExactly(byAge, bySize, forever, kept);
      assertThat(log.partition("kept", 1).endOffset()).isEqualTo(2);
      assertThat(log.recoveryReport().partitions()).isEmpty();
    }
  }

  @Test
  void open_withLeftoverTempStreamDirectory_removesItAndDoesNotListIt() throws IOException {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("real", 1));
    }
    Path leftover = dir.resolve("streams").resolve(".tmp-x");
    Files.createDirectories(leftover.resolve("0"));
    Files.writeString(leftover.resolve("stream.properties"), "format.version=1\nname=x\n");
    Files.write(leftover.resolve("0").resolve("00000000000000000000.log"), new byte[100]);
    try (Log log = EmbeddedLog.open(dir)) {
      assertThat(Files.exists(leftover)).isFalse();
      assertThat(log.listStreams()).extracting(StreamInfo::name).containsExactly("real");
      assertThat(log.hasStream("x")).isFalse();
      assertThat(log.hasStream(".tmp-x")).isFalse();
      log.createStream(StreamConfig.of("x", 1));
      assertThat(log.listStreams()).extracting(StreamInfo::name).containsExactly("real", "x");
    }
  }

  @Test
  void read_outsideRetainedRange_throwsOffsetOutOfRange_andAtDurableEndIsEmpty() {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 1));
      assertThat(log.read("s", 0, 0, 100).isEmpty()).isTrue();
      log.append("s", 0, List.of(record("a"), record("b"), record("c"))).join();
      ReadResult atEnd = log.read("s", 0, 3, 100);
      assertThat(atEnd.isEmpty()).isTrue();
      assertThat(atEnd.firstOffset()).isEqualTo(3);
      assertThat(atEnd.nextOffset()).isEqualTo(3);
      for (long offset : new long[] {-1, 4, 1_000, Long.MAX_VALUE, Long.MIN_VALUE}) {
        assertThatThrownBy(() -> log.read("s", 0, offset, 100))
            .isInstanceOf(OffsetOutOfRangeException.class)
            .hasMessageContaining("[0, 3]")
            .extracting(e -> ((LogException) e).code())
            .isEqualTo("offset_out_of_range");
      }
      assertThat(log.read("s", 0, 2, 100).records())
          .extracting(LogRecord::valueAsString)
          .containsExactly("c");
    }
  }

  @Test
  void everyOperation_afterClose_throwsLogClosed() {
    Log log = EmbeddedLog.open(dir);
    log.createStream(StreamConfig.of("s", 1));
    log.append("s", 0, List.of(record("a"))).join();
    log.close();
    log.close(); // idempotent
    List<Runnable> calls =
        List.of(
            () -> log.createStream(StreamConfig.of("t", 1)),
            log::listStreams,
            () -> log.describeStream("s"),
            () -> log.hasStream("s"),
            () -> log.append("s", 0, List.of(record("b"))),
            () -> log.appendByKey("s", List.of(record("b"))),
            () -> log.read("s", 0, 0, 100),
            () -> log.offsetForTime("s", 0, 0),
            () -> log.awaitDurable("s", 0, 5),
            () -> log.partition("s", 0));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).isInstanceOf(LogClosedException.class);
    }
    try (Log reopened = EmbeddedLog.open(dir)) {
      assertThat(reopened.partition("s", 0).endOffset()).isEqualTo(1);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
