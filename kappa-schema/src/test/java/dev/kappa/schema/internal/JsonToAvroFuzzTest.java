package dev.kappa.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kappa.schema.InvalidEventException;
import dev.kappa.schema.JsonValues;
import dev.kappa.schema.SchemaVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Fuzzes the JSON ingest path: arbitrary bytes are parsed with the same Jackson limits the server
 * uses and converted to records of several schemas. The only acceptable failures are a JSON parse
 * error or an {@link InvalidEventException} that names a path; anything accepted must survive an
 * Avro binary round trip unchanged.
 *
 * <p>The normal test run replays the corpus in {@code
 * src/test/resources/.../JsonToAvroFuzzTestInputs}. To fuzz for longer (findings are written to
 * that directory and replayed from then on):
 *
 * <pre>JAZZER_FUZZ=1 ./mvnw -pl kappa-schema test -Dtest=JsonToAvroFuzzTest</pre>
 */
class JsonToAvroFuzzTest {

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxStringLength(1 << 20)
                          .maxNumberLength(1000)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final List<Schema> SCHEMAS =
      List.of(
          schema(
              """
              {"type":"record","name":"Click","fields":[
                {"name":"user","type":"string"},
                {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
                {"name":"n","type":"int","default":0},
                {"name":"ref","type":["null","string"],"default":null}]}"""),
          schema(
              """
              {"type":"record","name":"Order","fields":[
                {"name":"id","type":{"type":"string","logicalType":"uuid"}},
                {"name":"day","type":{"type":"int","logicalType":"date"}},
                {"name":"total","type":{"type":"bytes","logicalType":"decimal",
                  "precision":9,"scale":2}},
                {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
                {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item",
                  "fields":[{"name":"sku","type":"string"},{"name":"qty","type":"long"},
                  {"name":"price","type":"double"}]}},"default":[]},
                {"name":"tags","type":{"type":"map","values":"string"},"default":{}},
                {"name":"blob","type":["null","bytes",{"type":"fixed","name":"F","size":4}],
                  "default":null},
                {"name":"any","type":["null","int","string","boolean"],"default":null}]}"""));

  private static Schema schema(String text) {
    return new Schema.Parser().parse(text);
  }

  @FuzzTest(maxDuration = "10m")
  void jsonToAvro_acceptsOrRejectsWithAPath_andRoundTrips(byte[] input) {
    JsonNode node;
    try {
      node = JSON.readTree(input);
    } catch (IOException | NumberFormatException e) {
      // Malformed JSON or limits, and two parser rejections found by fuzzing that the server
      // must also answer with 400: UTF-32-looking bytes (CharConversionException, which is no
      // JsonProcessingException) and huge exponents read as BigDecimal (NumberFormatException).
      return;
    }
    if (node == null) {
      return;
    }
    for (Schema schema : SCHEMAS) {
      GenericRecord record;
      try {
        record = JsonValues.toAvro(node, schema);
      } catch (InvalidEventException e) {
        assertThat(e.path()).startsWith("$");
        assertThat(e.getMessage()).contains("expected").contains("found");
        continue;
      }
      SchemaVersion version = new SchemaVersion("fuzz", 1, 1, schema);
      AvroValueCodec codec = new AvroValueCodec(id -> version);
      GenericRecord decoded = codec.decode(ByteBuffer.wrap(codec.encode(version, record)));
      assertThat(JsonValues.toJson(decoded)).isEqualTo(JsonValues.toJson(record));
    }
  }
}
