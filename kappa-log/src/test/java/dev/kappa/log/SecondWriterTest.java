package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per data directory, whether the second one is in this JVM or another process. */
class SecondWriterTest {

  private static final String MY_PID = "pid=" + ProcessHandle.current().pid();

  @TempDir Path dir;

  @Test
  void open_twiceInOneJvm_throwsLogLockedNamingTheHolder() {
    try (Log first = EmbeddedLog.open(dir)) {
      first.createStream(StreamConfig.of("s", 1));
      assertThatThrownBy(() -> EmbeddedLog.open(dir))
          .isInstanceOf(LogLockedException.class)
          .hasMessageContaining(MY_PID)
          .hasMessageContaining(dir.toString())
          .extracting(e -> ((LogException) e).code())
          .isEqualTo("log_locked");
      first.append("s", 0, List.of(NewRecord.ofUtf8("still works"))).join();
    }
    try (Log again = EmbeddedLog.open(dir)) {
      assertThat(again.partition("s", 0).endOffset()).isEqualTo(1);
    }
  }

  @Test
  void open_fromAnotherProcess_isRefusedWithOurPid_untilWeClose() throws Exception {
    Log first = EmbeddedLog.open(dir);
    try {
      first.createStream(StreamConfig.of("s", 1));
      String refused = runProbe();
      assertThat(refused).startsWith("LOCKED log_locked ").contains(MY_PID).contains("stop it");
    } finally {
      first.close();
    }
    assertThat(runProbe()).isEqualTo("OPENED 1");
    try (Log again = EmbeddedLog.open(dir)) {
      assertThat(again.hasStream("s")).isTrue();
    }
  }

  @Test
  void open_refusedInOneJvm_stillRefusesAnotherProcessAfterwards() throws Exception {
    try (Log first = EmbeddedLog.open(dir)) {
      first.createStream(StreamConfig.of("s", 1));
      assertThatThrownBy(() -> EmbeddedLog.open(dir)).isInstanceOf(LogLockedException.class);
      // The refused attempt must not have released the holder's OS lock on its way out.
      assertThat(runProbe()).startsWith("LOCKED log_locked ").contains(MY_PID);
    }
  }

  /** Runs {@link LockProbe} in a new JVM on {@link #dir} and returns its last line of output. */
  private String runProbe() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean exited = process.waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
      throw new AssertionError("the probe JVM did not exit within 30 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("probe output: %s", output).isZero();
    List<String> lines = output.strip().lines().toList();
    assertThat(lines).as("probe output").isNotEmpty();
    return lines.getLast();
  }
}
