package dev.kappa.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Ranked;
import dev.kappa.engine.Window;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** View results of every kind become the JSON the views API documents. */
class ResultJsonTest {

  private final ResultJson json = new ResultJson(new JsonCodec(64, 1 << 20, 1000));

  private String text(Object value) {
    return json.value(value).toString();
  }

  @Test
  void numbersStringsAndBooleans_areThemselves_andNonFiniteDoublesAreStrings() {
    assertThat(text(42L)).isEqualTo("42");
    assertThat(text(7)).isEqualTo("7");
    assertThat(text(2.5)).isEqualTo("2.5");
    assertThat(text(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(text(Double.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
    assertThat(text(new Utf8("avro text"))).isEqualTo("\"avro text\"");
    assertThat(text(true)).isEqualTo("true");
    assertThat(text(null)).isEqualTo("null");
    assertThat(text(Optional.empty())).isEqualTo("null");
  }

  @Test
  void bytes_areBase64_withoutMovingABuffer() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xFF}).position(1);
    assertThat(text(new byte[] {0, 1, 2, (byte) 0xFF})).isEqualTo("\"AAEC/w==\"");
    assertThat(text(buffer)).isEqualTo("\"AQL/\"");
    assertThat(buffer.position()).isEqualTo(1);
  }

  @Test
  void rankedLists_areArraysOfObjectsWithValueScoreAndOrigin() {
    List<Ranked<String>> top =
        List.of(
            new Ranked<>("/home", 3.0, new Origin(1000, 0, 2, 17, 0)),
            new Ranked<>("/cart", 1.5, new Origin(900, 0, 1, 4, 0)));
    JsonNode node = json.value(top);
    assertThat(node.toString())
        .isEqualTo(
            "[{\"value\":\"/home\",\"score\":3.0,\"origin\":{\"eventTime\":1000,\"source\":0,"
                + "\"partition\":2,\"offset\":17,\"index\":0}},{\"value\":\"/cart\",\"score\":1.5,"
                + "\"origin\":{\"eventTime\":900,\"source\":0,\"partition\":1,\"offset\":4,"
                + "\"index\":0}}]");
  }

  @Test
  void avroRecords_arePlainJson_andMapsAndArraysNest() {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                    + "{\"name\":\"n\",\"type\":\"long\"}]}");
    GenericRecord record = new GenericData.Record(schema);
    record.put("id", "a");
    record.put("n", 3L);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("record", record);
    map.put("longs", new long[] {1, 2});
    map.put("window", new Window(0, 60_000));
    assertThat(text(map))
        .isEqualTo(
            "{\"record\":{\"id\":\"a\",\"n\":3},\"longs\":[1,2],"
                + "\"window\":{\"start\":0,\"end\":60000}}");
  }

  @Test
  void nestingDeeperThanTheLimit_isCutToText() {
    List<Object> deep = new ArrayList<>();
    List<Object> current = deep;
    for (int i = 0; i < ResultJson.MAX_DEPTH + 5; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    JsonNode node = json.value(deep);
    int depth = 0;
    while (node.isArray()) {
      node = node.get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(ResultJson.MAX_DEPTH + 1);
    assertThat(node.isTextual()).isTrue();
  }
}
