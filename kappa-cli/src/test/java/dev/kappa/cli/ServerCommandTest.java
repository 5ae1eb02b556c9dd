package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile(
          "kappa server listening on (http://127\\.0\\.0\\.1:(\\d+)) \\(data (.+)\\)\n");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dir;

  @Test
  void server_printsWhereItListens_answersHealth_andReleasesTheLogWhenStopped() throws Exception {
    Path data = dir.resolve("data");
    Cli.Running server = new Cli(data).start("server", "--port", "0");

    Matcher listening = awaitListening(server);
    HttpResponse<String> health = get(listening.group(1) + "/health");
    Cli.Result stopped = server.stop();

    assertThat(Path.of(listening.group(3))).isEqualTo(data.toAbsolutePath().normalize());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(health.body()).get("status").asText()).isEqualTo("UP");
    assertThat(stopped.exitCode()).isZero();
    assertThat(stopped.out()).hasLineCount(1);
    assertThatThrownBy(() -> get(listening.group(1) + "/health"))
        .isInstanceOf(ConnectException.class);
    try (Log log = EmbeddedLog.open(data)) {
      assertThat(log.hasStream("_kappa.schemas")).as("the log was opened and closed").isTrue();
    }
  }

  @Test
  void server_takesSettingsFromTheConfigFileAndFlagsOverrideThem() throws Exception {
    Path config = dir.resolve("conf/kappa.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "data: from-config\nport: 1\nmaxBodyBytes: 64MiB\n");
    Cli.Running server =
        Cli.Running.start(
            new String[] {
              "server", "--config", config.toString(), "--port", "0", "--max-body-bytes", "1KiB"
            });

    Matcher listening = awaitListening(server);
    HttpResponse<String> big =
        http.send(
            HttpRequest.newBuilder(URI.create(listening.group(1) + "/streams/s/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pad\":\"" + "x".repeat(2048) + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    server.stop();

    assertThat(Path.of(listening.group(3)))
        .as("a relative data path in the file is relative to the file")
        .isEqualTo(dir.resolve("conf/from-config").toAbsolutePath().normalize());
    assertThat(Integer.parseInt(listening.group(2))).as("--port beats the file").isNotEqualTo(1);
    assertThat(big.statusCode()).as("--max-body-bytes beats the file").isEqualTo(413);
  }

  @Test
  void server_maxEventsPerRequestFlag_beatsTheConfigFile_andRefusesLargerRequests()
      throws Exception {
    Path config = dir.resolve("kappa.properties");
    Files.writeString(config, "port=0\nmaxEventsPerRequest=50\n");
    Cli.Running server =
        new Cli(dir.resolve("data"))
            .start("server", "--config", config.toString(), "--max-events-per-request", "2");
    Matcher listening = awaitListening(server);
    String base = listening.group(1);
    HttpResponse<String> created =
        send("PUT", base + "/streams/s", "application/json", "{\"schemaless\":true}");
    HttpResponse<String> three =
        send("POST", base + "/streams/s/events", "application/x-ndjson", "{}\n{}\n{}\n");
    server.stop();

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(three.statusCode()).as(three.body()).isEqualTo(413);
    assertThat(three.body()).contains("\"too_many_events\"");
  }

  @Test
  void server_dataFlagBeatsTheConfigFile() throws Exception {
    Path config = dir.resolve("kappa.properties");
    Files.writeString(config, "data=ignored\nport=0\n");
    Path data = dir.resolve("flag-data");

    Cli.Running server = new Cli(data).start("server", "--config", config.toString());
    Matcher listening = awaitListening(server);
    server.stop();

    assertThat(Path.of(listening.group(3))).isEqualTo(data.toAbsolutePath().normalize());
    assertThat(Files.exists(dir.resolve("ignored"))).isFalse();
  }

  @Test
  void server_withUnknownConfigKey_failsAsBadArgumentNamingFileAndKey() throws Exception {
    Path config = dir.resolve("kappa.properties");
    Files.writeString(config, "prot=8080\n");

    Cli.Result result = new Cli(dir.resolve("data")).run("server", "--config", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("kappa: ")
        .contains("kappa.properties")
        .contains("unknown setting 'prot'")
        .hasLineCount(1);
  }

  @Test
  void server_onABusyPort_failsWithOneLineAndExitCode1() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(busy.getLocalPort());
      Cli.Result result = new Cli(dir.resolve("data")).run("server", "--port", port);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "kappa: cannot listen on 127.0.0.1:"
                  + port
                  + ": port "
                  + port
                  + " is already in use by another process\n");
    }
  }

  @Test
  void server_onAnUnresolvableHost_failsWithOneLineAndExitCode1() {
    Cli.Result result =
        new Cli(dir.resolve("data")).run("server", "--host", "no-such-host.invalid", "--port", "0");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "kappa: cannot listen on no-such-host.invalid:0: the host name does not resolve")
        .hasLineCount(1);
  }

  @Test
  void server_whenTheDataDirectoryIsHeld_failsNamingTheHolder() throws Exception {
    Path data = dir.resolve("data");
    try (Log held = EmbeddedLog.open(data)) {
      Cli.Result result = new Cli(data).run("server", "--port", "0");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).startsWith("kappa: data directory ").contains("is locked by");
    }
  }

  @Test
  void help_saysTheDefaultHostIsLoopback() {
    Cli.Result help = new Cli(dir.resolve("data")).run("server", "--help");

    assertThat(help.out().replaceAll("\\s+", " "))
        .contains("--host=H The address to listen on (default: 127.0.0.1, this machine only;");
  }

  private static Matcher awaitListening(Cli.Running server) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> LISTENING.matcher(server.out()).find() || !server.isAlive());
    Matcher m = LISTENING.matcher(server.out());
    assertThat(m.find()).as("listening line; stderr: %s", server.err()).isTrue();
    return m;
  }

  private HttpResponse<String> send(String method, String url, String contentType, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
