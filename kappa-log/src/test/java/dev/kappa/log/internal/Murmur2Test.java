package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.SeedExtension;
import dev.kappa.log.SeedExtension.Seed;
import dev.kappa.log.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Kafka-compatible key hashing, and what {@link Log#appendByKey} does with it. */
@ExtendWith(SeedExtension.class)
class Murmur2Test {

  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void hash_matchesKafkaReferenceVectors() {
    // From Kafka's UtilsTest.testMurmur2.
    Map<String, Integer> vectors = new LinkedHashMap<>();
    vectors.put("21", -973932308);
    vectors.put("foobar", -790332482);
    vectors.put("a-little-bit-long-string", -985981536);
    vectors.put("a-little-bit-longer-string", -1486304829);
    vectors.put("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971);
    vectors.forEach((key, hash) -> assertThat(Murmur2.hash(utf8(key))).as(key).isEqualTo(hash));
    assertThat(Murmur2.hash(new byte[] {'a', 'b', 'c'})).isEqualTo(479470107);
  }

  @Test
  void partition_isNonNegativeHashModuloPartitions() {
    // Kafka: Utils.toPositive(Utils.murmur2(key)) % numPartitions, toPositive = n & 0x7fffffff.
    assertThat(Murmur2.partition(utf8("21"), 7)).isEqualTo((-973932308 & 0x7fffffff) % 7);
    assertThat(Murmur2.partition(utf8("foobar"), 12)).isEqualTo((-790332482 & 0x7fffffff) % 12);
    assertThat(Murmur2.partition(new byte[0], 1)).isZero();
  }

  @Test
  void appendByKey_putsEachKeyInOnePartitionInAppendOrder(Seed seed) {
    int partitions = 6;
    Random random = new Random(seed.value());
    Map<String, List<String>> sentByKey = new HashMap<>();
    try (Log log = DefaultLog.open(LogOptions.builder(dir).build(), FileSync.DEFAULT)) {
      log.createStream(StreamConfig.of("s", partitions));
      for (int call = 0; call < 30; call++) {
        List<NewRecord> batch = new ArrayList<>();
        for (int i = 1 + random.nextInt(40); i > 0; i--) {
          String key = "key-" + random.nextInt(25);
          String value = key + "#" + sentByKey.computeIfAbsent(key, k -> new ArrayList<>()).size();
          sentByKey.get(key).add(value);
          batch.add(NewRecord.of(utf8(key), utf8(value), 1L));
        }
        List<AppendResult> results = log.appendByKey("s", batch).join();
        assertThat(results)
            .extracting(AppendResult::partition)
            .as("one result per partition written, in partition order")
            .isSorted()
            .doesNotHaveDuplicates();
        assertThat(results.stream().mapToInt(AppendResult::recordCount).sum())
            .isEqualTo(batch.size());
      }
      Map<String, List<String>> storedByKey = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        for (LogRecord record : log.read("s", p, 0, 1 << 20).records()) {
          String key = new String(record.key(), StandardCharsets.UTF_8);
          assertThat(p)
              .as("partition of %s", key)
              .isEqualTo((Murmur2.hash(record.key()) & 0x7fffffff) % partitions);
          storedByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(record.valueAsString());
        }
      }
      assertThat(storedByKey).isEqualTo(sentByKey);
    }
  }

  @Test
  void appendByKey_withoutKeys_putsOneCallsRecordsInOnePartitionRoundRobin() {
    try (Log log = DefaultLog.open(LogOptions.builder(dir).build(), FileSync.DEFAULT)) {
      log.createStream(StreamConfig.of("s", 3));
      List<Integer> chosen = new ArrayList<>();
      for (int call = 0; call < 6; call++) {
        List<NewRecord> batch = List.of(NewRecord.ofUtf8(call + "a"), NewRecord.ofUtf8(call + "b"));
        List<AppendResult> results = log.appendByKey("s", batch).join();
        assertThat(results).hasSize(1);
        assertThat(results.getFirst().recordCount()).isEqualTo(2);
        chosen.add(results.getFirst().partition());
      }
      for (int i = 1; i < chosen.size(); i++) {
        assertThat(chosen.get(i)).isEqualTo((chosen.get(i - 1) + 1) % 3);
      }
    }
  }
}
