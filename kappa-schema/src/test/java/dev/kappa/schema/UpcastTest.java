package dev.kappa.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old events stay readable forever: v1 and v2 events on the log are read back through v3. */
class UpcastTest {

  @TempDir Path dir;

  static final String V1 =
      """
      {"type":"record","name":"Click","fields":[
        {"name":"id","type":"long"},{"name":"page","type":"string"}]}""";
  static final String V2 =
      """
      {"type":"record","name":"Click","fields":[
        {"name":"id","type":"long"},{"name":"page","type":"string"},
        {"name":"score","type":"int","default":7}]}""";
  static final String V3 =
      """
      {"type":"record","name":"Click","fields":[
        {"name":"id","type":"long"},
        {"name":"score","type":"long","default":7},
        {"name":"referrer","type":["null","string"],"default":null}]}""";

  @Test
  void replay_readsV1AndV2EventsThroughV3() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<Map<String, Object>> expected = new ArrayList<>();
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      log.createStream(StreamConfig.of("clicks", 1));
      registry.define(StreamModel.avro("clicks"));
      SchemaVersion v1 = registry.register("clicks", V1);
      SchemaVersion v2 = registry.register("clicks", V2);
      SchemaVersion v3 = registry.register("clicks", V3);
      List<NewRecord> records = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int which = random.nextInt(3);
        SchemaVersion v = which == 0 ? v1 : which == 1 ? v2 : v3;
        GenericRecord r = new GenericData.Record(v.schema());
        r.put("id", (long) i);
        int score = random.nextInt(100);
        String referrer = random.nextBoolean() ? null : "r" + i;
        if (which != 2) {
          r.put("page", "/p" + i);
        }
        if (which == 1) {
          r.put("score", score);
        }
        if (which == 2) {
          r.put("score", (long) score);
          r.put("referrer", referrer);
        }
        records.add(NewRecord.of(registry.codec().encode(v, r)));
        expected.add(
            Map.of(
                "id", (long) i,
                "score", which == 0 ? 7L : (long) score,
                "referrer", which == 2 && referrer != null ? referrer : "<null>"));
      }
      log.append("clicks", 0, records).join();
    }
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      var reader = registry.latest("clicks").orElseThrow().schema();
      List<Map<String, Object>> actual = new ArrayList<>();
      log.read("clicks", 0, 0, 1 << 20)
          .forEach(
              record -> {
                GenericRecord r = registry.codec().decode(record.value(), reader);
                assertThat(r.getSchema()).isEqualTo(reader);
                Object referrer = r.get("referrer");
                actual.add(
                    Map.of(
                        "id", r.get("id"),
                        "score", r.get("score"),
                        "referrer", referrer == null ? "<null>" : referrer.toString()));
              });
      assertThat(actual).as("seed=%d", seed).isEqualTo(expected);
    }
  }
}
