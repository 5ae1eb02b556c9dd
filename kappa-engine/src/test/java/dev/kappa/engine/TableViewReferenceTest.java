package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table views against a reference: per record key, the value of the record with the largest (event
 * time, partition, offset), and no row where that record is a tombstone (an empty value). Records
 * without a key go to the error output. Partitions interleave at random and event times are out of
 * order.
 */
class TableViewReferenceTest {

  private static final int PARTITIONS = 3;

  private static View<String, String> table() {
    return View.named("table")
        .table(Input.STREAM, Decoders.utf8Key(), Serdes.string(), Decoders.utf8(), Serdes.string());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void table_withTombstonesAndReorderedTimes_holdsLatestValuePerKey(long seed) {
    Random random = new Random(seed);
    List<List<LogRecord>> partitions = generate(random);
    ViewProcessor<String, String> processor =
        ViewProcessor.inMemory(table(), Map.of(Input.STREAM, PARTITIONS));
    for (LogRecord record : Feed.interleave(partitions, random)) {
      processor.process(Input.STREAM, record);
      if (random.nextInt(100) == 0) {
        processor.commit();
      }
    }
    ViewState<String, String> state = processor.state();

    // State keys sort by serialized length, then bytes (ASCII here, so characters).
    TreeMap<String, LogRecord> latest =
        new TreeMap<>(Comparator.comparingInt(String::length).thenComparing(k -> k));
    List<LogRecord> keyless = new ArrayList<>();
    Comparator<LogRecord> order =
        Comparator.comparingLong(LogRecord::eventTime)
            .thenComparingInt(LogRecord::partition)
            .thenComparingLong(LogRecord::offset);
    partitions.stream()
        .flatMap(List::stream)
        .forEach(
            r -> {
              if (r.key() == null) {
                keyless.add(r);
              } else {
                latest.merge(key(r), r, (a, b) -> order.compare(a, b) >= 0 ? a : b);
              }
            });
    List<WindowResult<String, String>> expected = new ArrayList<>();
    latest.forEach(
        (key, r) -> {
          if (r.value().length > 0) {
            expected.add(new WindowResult<>(key, Window.GLOBAL, r.valueAsString(), false));
          }
        });
    assertThat(state.scan(Integer.MAX_VALUE)).as("seed %d", seed).isEqualTo(expected);
    latest.forEach(
        (key, r) ->
            assertThat(state.get(key))
                .as("seed %d: key %s", seed, key)
                .isEqualTo(
                    r.value().length == 0 ? Optional.empty() : Optional.of(r.valueAsString())));
    assertThat(expected.size()).as("seed %d: some keys live", seed).isLessThan(latest.size());
    List<SideOutput> errors = state.sideOutput(SideOutput.Kind.ERROR, Integer.MAX_VALUE);
    assertThat(errors.stream().map(e -> e.partition() + "@" + e.offset()).toList())
        .as("seed %d: keyless records are errors", seed)
        .containsExactlyElementsOf(
            keyless.stream()
                .sorted(Comparator.comparingInt(LogRecord::partition))
                .map(r -> r.partition() + "@" + r.offset())
                .toList());
    assertThat(errors).allSatisfy(e -> assertThat(e.reason()).contains("needs a key"));
    assertThat(state.progress().processed()).isEqualTo(PARTITIONS * 300L + 1);
    assertThat(state.progress().late()).isZero();
  }

  private static String key(LogRecord record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  /** 300 records per partition over 25 keys: a fifth tombstones, one in 30 without a key. */
  private static List<List<LogRecord>> generate(Random random) {
    List<List<LogRecord>> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      List<LogRecord> records = new ArrayList<>();
      for (int offset = 0; offset < 300; offset++) {
        byte[] key =
            random.nextInt(30) == 0
                ? null
                : ("k" + random.nextInt(25)).getBytes(StandardCharsets.UTF_8);
        String value = random.nextInt(5) == 0 ? "" : "v" + p + "-" + offset;
        long time = random.nextInt(50) * 10L; // many equal times: ties go by partition and offset
        records.add(
            new LogRecord(
                p, offset, time, 0, key, value.getBytes(StandardCharsets.UTF_8), List.of()));
      }
      partitions.add(records);
    }
    // At least one key ends deleted whatever the seed: a tombstone later than every other record.
    List<LogRecord> last = partitions.getLast();
    last.add(
        new LogRecord(
            PARTITIONS - 1,
            last.size(),
            1_000,
            0,
            ("k" + random.nextInt(25)).getBytes(StandardCharsets.UTF_8),
            new byte[0],
            List.of()));
    return partitions;
  }
}
