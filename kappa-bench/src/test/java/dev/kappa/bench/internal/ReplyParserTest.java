package dev.kappa.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyParserTest {

  private static final String SIZED =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}";
  private static final String CHUNKED =
      "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\nX-Trailer: t\r\n\r\n";

  @Test
  void parse_sizedReply_endsAfterItsContentLength() {
    byte[] bytes = (SIZED + "HTTP/1.1 next").getBytes(StandardCharsets.US_ASCII);

    ReplyParser.Reply reply = ReplyParser.parse(bytes, bytes.length);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.length()).isEqualTo(SIZED.length());
    assertThat(new String(bytes, reply.bodyStart(), reply.length() - reply.bodyStart()))
        .isEqualTo("{\"a\":\"b c\"}");
    assertThat(reply.closing()).isFalse();
  }

  @Test
  void parse_chunkedReply_endsAfterItsTrailers() {
    byte[] bytes = CHUNKED.getBytes(StandardCharsets.US_ASCII);

    ReplyParser.Reply reply = ReplyParser.parse(bytes, bytes.length);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.length()).isEqualTo(bytes.length);
  }

  @Test
  void parse_everyPrefixOfAReply_isIncomplete() {
    for (String whole : new String[] {SIZED, CHUNKED}) {
      byte[] bytes = whole.getBytes(StandardCharsets.US_ASCII);
      for (int length = 0; length < bytes.length; length++) {
        assertThat(ReplyParser.parse(bytes, length)).as("%d bytes of %s", length, whole).isNull();
      }
    }
  }

  @Test
  void parse_connectionClose_saysSo() {
    byte[] bytes =
        "HTTP/1.1 503 x\r\nconnection: Close\r\ncontent-length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    ReplyParser.Reply reply = ReplyParser.parse(bytes, bytes.length);

    assertThat(reply.closing()).isTrue();
    assertThat(reply.status()).isEqualTo(503);
  }

  @Test
  void parse_notHttp_orUndelimited_isRefused() {
    byte[] garbage = "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] undelimited = "HTTP/1.1 200 OK\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> ReplyParser.parse(garbage, garbage.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an HTTP/1.x reply");
    assertThatThrownBy(() -> ReplyParser.parse(undelimited, undelimited.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither Content-Length nor chunked");
  }
}
