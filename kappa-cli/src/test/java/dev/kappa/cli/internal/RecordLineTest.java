package dev.kappa.cli.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.cli.internal.http.ServerCallException;
import dev.kappa.log.Header;
import dev.kappa.log.LogRecord;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordLineTest {

  private static final String FIELDS =
      "{\"partition\":1,\"offset\":7,\"eventTime\":10,\"appendTime\":20,\"key\":\"k\",";

  @Test
  void parse_decodedValue_keepsItsJsonTextExactlyAsSent() {
    for (String value :
        List.of(
            "{\"b\":1.0E10,\"a\":[1,\"x\\\"y\",null],\"c\":{}}",
            "\"a \\u0001 ✓\"",
            "12.30",
            "true",
            "[]")) {
      LogRecord r = RecordLine.parse(FIELDS + "\"headers\":[],\"value\":" + value + "}");

      assertThat(new String(r.value(), UTF_8)).isEqualTo(value);
    }
  }

  @Test
  void parse_readsEveryFieldAndDecodesBase64Bytes() {
    byte[] value = {0, (byte) 0xFF, 'a'};
    byte[] key = {(byte) 0xC3};
    String line =
        "{\"partition\":1,\"offset\":7,\"eventTime\":10,\"appendTime\":20,\"keyBase64\":\""
            + Base64.getEncoder().encodeToString(key)
            + "\",\"headers\":[{\"key\":\"h\",\"value\":\"v\"},{\"key\":\"n\",\"value\":null},"
            + "{\"key\":\"b\",\"valueBase64\":\"/w==\"}],\"valueError\":\"no\",\"valueBase64\":\""
            + Base64.getEncoder().encodeToString(value)
            + "\"}";

    LogRecord r = RecordLine.parse(line);

    assertThat(r)
        .isEqualTo(
            new LogRecord(
                1,
                7,
                10,
                20,
                key,
                value,
                List.of(
                    new Header("h", "v".getBytes(UTF_8)),
                    new Header("n", null),
                    new Header("b", new byte[] {(byte) 0xFF}))));
  }

  @Test
  void parse_errorLine_failsWithTheServersMessage() {
    String line = "{\"error\":{\"code\":\"log_io\",\"message\":\"disk on fire\"}}";

    assertThatThrownBy(() -> RecordLine.parse(line))
        .isInstanceOf(ServerCallException.class)
        .hasMessage("disk on fire");
  }

  @Test
  void parse_lineThatIsNotARecord_failsQuotingIt() {
    assertThatThrownBy(() -> RecordLine.parse("[1,2]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[1,2]");
  }
}
