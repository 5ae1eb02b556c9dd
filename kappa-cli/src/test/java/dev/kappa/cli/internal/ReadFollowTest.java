package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code read --follow} against records appended while it runs, through one shared log. */
class ReadFollowTest {

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void readFollow_printsRecordsAppendedAfterItStarted() throws Exception {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 2));
      log.append("s", 1, List.of(NewRecord.ofUtf8("old"))).join();
      StringWriter out = new StringWriter();
      CommandLine cli =
          new CommandLine(
              new KappaCommand(new ByteArrayInputStream(new byte[0]), d -> new UnclosableLog(log)));
      CliErrors.install(cli);
      cli.setOut(new PrintWriter(out, true));

      FutureTask<Integer> reader =
          new FutureTask<>(
              () -> cli.execute("--data", dir.toString(), "read", "s", "--follow", "--max", "4"));
      Thread.ofPlatform().daemon().name("follower").start(reader);
      Thread.sleep(300); // let it reach the end and start polling
      assertThat(reader.isDone()).as("follow returned early").isFalse();
      log.append("s", 0, List.of(NewRecord.ofUtf8("new-0a"), NewRecord.ofUtf8("new-0b"))).join();
      Thread.sleep(100);
      log.append("s", 1, List.of(NewRecord.ofUtf8("new-1"))).join();

      assertThat(reader.get(10, TimeUnit.SECONDS)).isZero();
      // Across partitions the order of new records depends on which partition is polled first.
      List<String> lines = out.toString().lines().toList();
      assertThat(lines).hasSize(4).first().isEqualTo("old");
      assertThat(lines).containsExactlyInAnyOrder("old", "new-0a", "new-0b", "new-1");
      assertThat(lines.indexOf("new-0a")).isLessThan(lines.indexOf("new-0b"));
    }
  }
}
