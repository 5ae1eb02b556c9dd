package dev.kappa.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kappa read --server --follow} tails a stream through the server's long polls. */
@Timeout(60)
class ReadFollowThroughServerTest {

  @TempDir Path dir;
  private Cli cli;
  private KappaServer server;
  private KappaHttpClient http;
  private String url;
  private int sent;

  /** A schemaless stream {@code f} of two partitions with two events in it. */
  @BeforeEach
  void start() {
    Path data = dir.resolve("data");
    cli = new Cli(data);
    server = KappaServer.start(ServerConfig.builder().dataDir(data).port(0).build());
    url = server.uri().toString();
    http = KappaHttpClient.connect(url, KappaHttpClient.DEFAULT_TIMEOUT);
    Cli.Result created = cli.run("stream", "create", "f", "--partitions", "2", "--server", url);
    assertThat(created.exitCode()).as(created.err()).isZero();
    send(2);
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  /** Ingests {@code n} events {"n":…}, one request each, so they spread over the partitions. */
  private void send(int n) {
    for (int i = 0; i < n; i++) {
      byte[] event = ("{\"n\":" + sent++ + "}").getBytes(UTF_8);
      http.post("/streams/f/events", event, "application/json").orThrow();
    }
  }

  @Test
  void follow_printsRecordsAppendedAfterItStarted_untilInterrupted() throws Exception {
    Cli.Running follower = cli.start("read", "f", "--follow", "--server", url);
    await(() -> follower.out().lines().count() == 2, follower);

    send(6);
    await(() -> follower.out().lines().count() == 8, follower);
    Cli.Result stopped = follower.stop();

    assertThat(stopped.exitCode()).as(stopped.err()).isZero();
    assertThat(stopped.err()).isEmpty();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      expected.add("{\"n\":" + i + "}");
    }
    assertThat(stopped.lines()).containsExactlyInAnyOrderElementsOf(expected);
    // Within a partition the order is the log's: each partition read alone is a subsequence.
    for (int p = 0; p < 2; p++) {
      Cli.Result partition =
          cli.run("read", "f", "--partition", Integer.toString(p), "--server", url);
      assertThat(stopped.lines().stream().filter(partition.lines()::contains).toList())
          .isEqualTo(partition.lines());
    }
  }

  @Test
  void followWithMax_returnsOnceMaxRecordsArePrinted() throws Exception {
    Cli.Running follower = cli.start("read", "f", "--follow", "--max", "4", "--server", url);
    await(() -> follower.out().lines().count() == 2, follower);
    assertThat(follower.isAlive()).isTrue();

    send(3);
    Cli.Result done = follower.await();

    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(done.lines()).hasSize(4).allMatch(line -> line.matches("\\{\"n\":[0-4]}"));
  }

  @Test
  void follow_whenTheOutputIsClosed_stopsQuietly() throws Exception {
    int firstTwoLines = "{\"n\":0}\n{\"n\":1}\n".length();
    AtomicInteger written = new AtomicInteger();
    OutputStream closesAfterTwoLines =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            if (written.get() >= firstTwoLines) {
              throw new IOException("Broken pipe");
            }
            written.incrementAndGet();
          }
        };
    CommandLine command = Main.commandLine(new ByteArrayInputStream(new byte[0]));
    command.setOut(new PrintWriter(closesAfterTwoLines));
    FutureTask<Integer> follower =
        new FutureTask<>(() -> command.execute("read", "f", "--follow", "--server", url));
    Thread.ofPlatform().daemon().name("follower").start(follower);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (written.get() < firstTwoLines && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    send(2); // its first new line finds the output closed

    assertThat(follower.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(written.get()).isEqualTo(firstTwoLines);
  }

  private static void await(BooleanSupplier condition, Cli.Running follower)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline || !follower.isAlive()) {
        throw new AssertionError(
            "follower printed: " + follower.out() + "; stderr: " + follower.err());
      }
      Thread.sleep(20);
    }
  }
}
