package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.LogLockedException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping: the server owns its log and releases it on close. */
class KappaServerTest {

  @TempDir Path dir;

  private ServerConfig config() {
    return ServerConfig.builder().dataDir(dir.resolve("data")).port(0).build();
  }

  @Test
  void start_bindsAnEphemeralPort_andUriPointsAtIt() {
    try (KappaServer server = KappaServer.start(config())) {
      assertThat(server.port()).isPositive();
      assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port());
    }
  }

  @Test
  void close_stopsServingAndReleasesTheDataDirectory() throws Exception {
    KappaServer first = KappaServer.start(config());
    java.net.URI health = first.uri().resolve("/health");
    first.close();
    first.close(); // idempotent

    HttpClient client = HttpClient.newHttpClient();
    assertThatThrownBy(
            () ->
                client.send(
                    HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(ConnectException.class);

    try (KappaServer second = KappaServer.start(config())) {
      assertThat(second.port()).isPositive();
    }
  }

  @Test
  void start_onADirectoryInUse_failsAndLeavesTheRunningServerServing() {
    try (TestServer running = TestServer.start(dir)) {
      assertThatThrownBy(() -> KappaServer.start(config())).isInstanceOf(LogLockedException.class);
      assertThat(running.serves()).isTrue();
    }
  }

  @Test
  void start_onAnUnresolvableHost_failsTypedBeforeOpeningTheLog() {
    ServerConfig config = config().toBuilder().host("no-such-host.invalid").build();
    assertThatThrownBy(() -> KappaServer.start(config))
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("no-such-host.invalid")
        .hasMessageContaining("does not resolve");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void start_onAPortInUse_failsAndReleasesTheLog(@TempDir Path other) {
    try (KappaServer running = KappaServer.start(config())) {
      ServerConfig clash =
          ServerConfig.builder().dataDir(other.resolve("data")).port(running.port()).build();
      assertThatThrownBy(() -> KappaServer.start(clash))
          .isInstanceOf(ServerStartException.class)
          .hasMessage(
              "cannot listen on 127.0.0.1:"
                  + running.port()
                  + ": port "
                  + running.port()
                  + " is already in use by another process")
          .satisfies(e -> assertThat(((ServerStartException) e).port()).isEqualTo(running.port()));
      try (KappaServer again = KappaServer.start(clash.toBuilder().port(0).build())) {
        assertThat(again.port()).isPositive();
      }
    }
  }
}
