package dev.kappa.cli.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class KappaHttpClientTest {

  @Test
  void baseUri_addsHttpWhenTheSchemeIsMissingAndDropsTrailingSlashes() {
    assertThat(KappaHttpClient.baseUri("127.0.0.1:8080").toString())
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(KappaHttpClient.baseUri("http://kappa.internal:80//").toString())
        .isEqualTo("http://kappa.internal:80");
    assertThat(KappaHttpClient.baseUri("https://h/prefix").toString())
        .isEqualTo("https://h/prefix");
  }

  @Test
  void baseUri_refusesWhatIsNotAnHttpUrl() {
    assertThatThrownBy(() -> KappaHttpClient.baseUri("ftp://h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--server must be a URL");
    assertThatThrownBy(() -> KappaHttpClient.baseUri("http://h:80?x=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KappaHttpClient.baseUri("http:// bad"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Timeout(20)
  void aServerThatNeverAnswers_failsTheRequestAfterTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        KappaHttpClient client =
            KappaHttpClient.connect("127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.get("/streams"))
          .isInstanceOf(ServerCallException.class)
          .hasMessageContaining("did not answer within 300 ms")
          .hasMessageContaining("--timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  @Timeout(20)
  void aLongPoll_mayTakeItsWaitOnTopOfTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        KappaHttpClient client =
            KappaHttpClient.connect("127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300))) {
      long start = System.nanoTime();
      CompletableFuture<HttpStream> poll =
          client.getStreamAsync("/streams/s/events?waitMs=1500", Duration.ofMillis(1500));
      assertThatThrownBy(poll::join).hasCauseInstanceOf(ServerCallException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1800));
    }
  }

  @Test
  void connect_refusesATimeoutThatIsNotPositive() {
    assertThatThrownBy(() -> KappaHttpClient.connect("127.0.0.1:1", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--timeout");
  }

  @Test
  void errorReply_carriesTheServersCodeMessageAndDetails() {
    HttpReply reply =
        new HttpReply(
            409,
            "{\"error\":{\"code\":\"incompatible_schema\",\"message\":\"no\",\"incompatibilities\":[]}}"
                .getBytes(StandardCharsets.UTF_8));

    ServerCallException e = reply.toException();

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("incompatible_schema");
    assertThat(e.getMessage()).isEqualTo("no");
    assertThat(e.error().has("incompatibilities")).isTrue();
  }

  @Test
  void errorReplyThatIsNotTheApisShape_quotesStatusAndBody() {
    HttpReply reply = new HttpReply(502, "Bad Gateway".getBytes(StandardCharsets.UTF_8));

    assertThat(reply.toException().getMessage()).isEqualTo("the server answered 502: Bad Gateway");
    assertThat(reply.toException().code()).isNull();
  }

  @Test
  void errorStream_orThrow_readsTheErrorAndCarriesTheServersCodeAndMessage() {
    byte[] body =
        "{\"error\":{\"code\":\"unknown_stream\",\"message\":\"unknown stream 'x'\"}}"
            .getBytes(StandardCharsets.UTF_8);
    HttpStream stream = new HttpStream(404, new ByteArrayInputStream(body));

    assertThatThrownBy(stream::orThrow)
        .isInstanceOf(ServerCallException.class)
        .hasMessage("unknown stream 'x'")
        .satisfies(e -> assertThat(((ServerCallException) e).code()).isEqualTo("unknown_stream"));
  }
}
