package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@link ServerKillHost} in a child JVM, for the tests that kill a real server with SIGKILL: it
 * runs on {@code <dir>/data} with this JVM's {@code java} and class path, after a directory whose
 * service file adds the given view providers.
 */
final class ServerChild {

  /** The exit status of a process killed with SIGKILL. */
  static final int SIGKILL_EXIT = 128 + 9;

  private ServerChild() {}

  /**
   * Starts a child on {@code dir}'s data directory, running the views of {@code providers}, its
   * output to {@code output}. RocksDB unpacks its native library into {@code dir}, so that killed
   * children leave no copies behind.
   */
  static Process start(Path dir, Path output, List<Class<?>> providers) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String names = providers.stream().map(Class::getName).collect(Collectors.joining("\n"));
    Path services = dir.resolve("services-" + Integer.toHexString(names.hashCode()));
    Path serviceFile = services.resolve("META-INF/services/dev.kappa.engine.ViewProvider");
    if (!Files.exists(serviceFile)) {
      Files.createDirectories(serviceFile.getParent());
      Files.writeString(serviceFile, names + "\n");
    }
    Path natives = Files.createDirectories(dir.resolve("native"));
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                services + File.pathSeparator + System.getProperty("java.class.path"),
                ServerKillHost.class.getName(),
                dir.resolve("data").toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("ROCKSDB_SHAREDLIB_DIR", natives.toString());
    return builder.start();
  }

  /** The child's base address, once it prints {@code listening PORT}. */
  static URI awaitListening(Process child, Path output, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      for (String line : read(output).lines().toList()) {
        if (line.startsWith("listening ")) {
          return URI.create("http://127.0.0.1:" + line.substring("listening ".length()).trim());
        }
      }
      if (!child.isAlive()) {
        fail("%s: the child exited with %d: %s", what, child.exitValue(), read(output));
      }
      if (System.nanoTime() > deadline) {
        fail("%s: the child did not listen in time: %s", what, read(output));
      }
      Thread.sleep(5);
    }
  }

  /** Kills the child with SIGKILL and waits for it to be gone. */
  static void kill(Process child) throws InterruptedException {
    child.destroyForcibly();
    child.waitFor(30, TimeUnit.SECONDS);
  }

  /** An HTTP/1.1 client for children. */
  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Creates an Avro stream of {@code schema}, with its event time from field {@code ts}. */
  static void createStream(
      HttpClient client, URI base, String stream, int partitions, String schema, String what) {
    TestServer.Reply reply =
        TestServer.send(
            client,
            HttpRequest.newBuilder(base.resolve("/streams/" + stream))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"partitions\":"
                            + partitions
                            + ",\"eventTimeField\":\"ts\",\"schema\":"
                            + schema
                            + "}")));
    assertThat(reply.status()).as("%s: creating %s: %s", what, stream, reply).isEqualTo(201);
  }

  /** The JSON answer to {@code GET path}, which must be 200. */
  static JsonNode get(HttpClient client, URI base, String path, String what) {
    TestServer.Reply reply =
        TestServer.send(client, HttpRequest.newBuilder(base.resolve(path)).GET());
    assertThat(reply.status()).as("%s: GET %s: %s", what, path, reply).isEqualTo(200);
    return reply.json();
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
