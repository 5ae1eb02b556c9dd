package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that stall are cut off by the idle timeout, and do not stop others being served. */
class SlowClientTest {

  private static final Duration IDLE = Duration.ofMillis(700);

  @TempDir Path dir;

  @Test
  void clientStallingMidBody_isDisconnectedAfterTheIdleTimeout_whileOthersAreServed() {
    try (TestServer server = TestServer.start(dir, b -> b.idleTimeout(IDLE))) {
      server.schemalessStream("clicks", 1);
      List<RawHttp> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          stalled.add(
              new RawHttp(server.server.port())
                  .send(
                      "POST /streams/clicks/events HTTP/1.1\r\nHost: x\r\n"
                          + "Content-Type: application/json\r\nContent-Length: 100",
                      "{\"a\":".getBytes(StandardCharsets.US_ASCII)));
        }
        // While they stall, everyone else is served at once.
        for (int i = 0; i < 20; i++) {
          assertThat(server.postJson("/streams/clicks/events", "{\"n\":" + i + "}").status())
              .isEqualTo(200);
        }
        long start = System.nanoTime();
        for (RawHttp raw : stalled) {
          boolean[] closed = new boolean[1];
          String response = raw.readUntilClosed(Duration.ofSeconds(10), closed);
          assertThat(closed[0]).as("closed by the server; received: %s", response).isTrue();
          assertThat(RawHttp.status(response)).as(response).isEqualTo(408);
          assertThat(response).contains("\"request_timeout\"");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      } finally {
        stalled.forEach(RawHttp::close);
      }
      assertThat(server.recordCount("clicks")).isEqualTo(20);
      assertThat(server.serves()).isTrue();
    }
  }

  @Test
  void clientStallingMidHeaders_isDisconnectedAfterTheIdleTimeout() {
    try (TestServer server = TestServer.start(dir, b -> b.idleTimeout(IDLE))) {
      try (RawHttp raw = new RawHttp(server.server.port())) {
        raw.sendBytes(
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1".getBytes(StandardCharsets.US_ASCII));
        boolean[] closed = new boolean[1];
        String response = raw.readUntilClosed(Duration.ofSeconds(10), closed);
        assertThat(closed[0]).as("closed by the server; received: %s", response).isTrue();
      }
      assertThat(server.serves()).isTrue();
    }
  }
}
