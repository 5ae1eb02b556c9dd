package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaTextsTest {

  @Test
  void fields_summarisesEveryKindOfType() {
    String schema =
        """
        {"type":"record","name":"R","fields":[
          {"name":"s","type":"string"},
          {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"opt","type":["null","string"],"default":null},
          {"name":"tags","type":{"type":"array","items":"string"}},
          {"name":"attrs","type":{"type":"map","values":"long"}},
          {"name":"id","type":{"type":"fixed","name":"Id","size":16}},
          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
          {"name":"inner","type":{"type":"record","name":"Inner","fields":[]}},
          {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}}]}
        """;

    assertThat(SchemaTexts.fields(schema))
        .isEqualTo(
            "s:string, ts:timestamp-millis, opt:null|string, tags:array<string>,"
                + " attrs:map<long>, id:fixed(16), kind:enum Kind, inner:record Inner,"
                + " price:decimal");
  }

  @Test
  void fields_ofTextThatIsNotARecordSchema_isTheTextItself() {
    assertThat(SchemaTexts.fields("\"string\"")).isEqualTo("\"string\"");
    assertThat(SchemaTexts.fields("not json")).isEqualTo("not json");
  }

  @Test
  void unwrap_takesTheSchemaOutOfAWrapperObjectOrString() {
    String record = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}";

    assertThat(SchemaTexts.unwrap("{\"schema\":" + record + "}")).isEqualTo(record);
    assertThat(SchemaTexts.unwrap("{\"schema\":\"" + record.replace("\"", "\\\"") + "\"}"))
        .isEqualTo(record);
    assertThat(SchemaTexts.unwrap(record)).isEqualTo(record);
    assertThat(SchemaTexts.unwrap("{oops")).isEqualTo("{oops");
  }
}
