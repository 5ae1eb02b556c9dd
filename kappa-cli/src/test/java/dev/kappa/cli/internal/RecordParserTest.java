package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.NewRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordParserTest {

  @Test
  void parse_withoutFields_keepsTheLineAsValueAndParsesNothing() {
    byte[] line = "not { json".getBytes(StandardCharsets.UTF_8);

    NewRecord r = new RecordParser(null, null).parse(line);

    assertThat(r.value()).isSameAs(line);
    assertThat(r.key()).isNull();
    assertThat(r.eventTime()).isEqualTo(NewRecord.NO_TIMESTAMP);
  }

  @Test
  void parse_withFields_takesKeyAndTimeFromTopLevelOnly() {
    String json = "{\"nested\":{\"user\":\"inner\",\"ts\":1},\"user\":\"u7\",\"ts\":1714564800123}";

    NewRecord r = new RecordParser("user", "ts").parse(bytes(json));

    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("u7");
    assertThat(r.eventTime()).isEqualTo(1714564800123L);
    assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void parse_numericKeyAndIsoTime_areConverted() {
    NewRecord r =
        new RecordParser("id", "at").parse(bytes("{\"id\":42,\"at\":\"1970-01-01T00:00:01.5Z\"}"));

    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("42");
    assertThat(r.eventTime()).isEqualTo(1500);
  }

  @Test
  void parse_missingOrNullKey_givesNoKey() {
    assertThat(new RecordParser("k", null).parse(bytes("{\"x\":1}")).key()).isNull();
    assertThat(new RecordParser("k", null).parse(bytes("{\"k\":null}")).key()).isNull();
  }

  @Test
  void parse_badInput_failsWithTheReason() {
    assertThatThrownBy(() -> new RecordParser("k", null).parse(bytes("[1,2]")))
        .hasMessage("not a JSON object");
    assertThatThrownBy(() -> new RecordParser("k", null).parse(bytes("{\"k\":")))
        .hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> new RecordParser("k", null).parse(bytes("{\"k\":{\"a\":1}}")))
        .hasMessage("key field 'k' is not a scalar");
    assertThatThrownBy(() -> new RecordParser(null, "t").parse(bytes("{\"t\":1.5}")))
        .hasMessageContaining("must be epoch milliseconds");
    assertThatThrownBy(() -> new RecordParser(null, "t").parse(bytes("{\"u\":1}")))
        .hasMessage("no time field 't'");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
