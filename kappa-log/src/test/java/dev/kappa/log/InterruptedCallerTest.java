package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller whose thread is interrupted (a cancelled request, an executor shut down with {@code
 * shutdownNow}) may fail its own call, but must not break the log for every other caller. {@code
 * FileChannel} closes itself when a thread blocked in it is interrupted, so segment I/O on caller
 * threads has to guard against that.
 */
class InterruptedCallerTest {

  @TempDir Path dir;

  /** Runs {@code call} on a fresh thread whose interrupt flag is already set. */
  private static Throwable runInterrupted(Runnable call) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                call.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    thread.start();
    thread.join();
    return thrown.get();
  }

  private static void assertStillWorks(Log log, long expectedRecords) {
    assertThat(log.read("s", 0, 0, 4096).recordCount()).isEqualTo((int) expectedRecords);
    AppendResult next = log.append("s", 0, List.of(NewRecord.ofUtf8("after"))).join();
    assertThat(next.baseOffset()).isEqualTo(expectedRecords);
    assertThat(log.read("s", 0, 0, 4096).recordCount()).isEqualTo((int) expectedRecords + 1);
  }

  @Test
  void read_byInterruptedThread_leavesThePartitionReadableAndWritable() throws Exception {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 1));
      log.append("s", 0, List.of(NewRecord.ofUtf8("a"), NewRecord.ofUtf8("b"))).join();
      Throwable thrown = runInterrupted(() -> log.read("s", 0, 0, 4096));
      assertThat(thrown == null || thrown instanceof LogException)
          .as("an interrupted read fails, if at all, with a LogException, not %s", thrown)
          .isTrue();
      assertStillWorks(log, 2);
    }
  }

  @Test
  void offsetForTime_byInterruptedThread_leavesThePartitionUsable() throws Exception {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 1));
      log.append("s", 0, List.of(NewRecord.of(null, new byte[1], 10L))).join();
      runInterrupted(() -> log.offsetForTime("s", 0, 5));
      assertStillWorks(log, 1);
    }
  }

  @Test
  void append_byInterruptedThread_doesNotStopTheLogForOthers() throws Exception {
    try (Log log = EmbeddedLog.open(dir)) {
      log.createStream(StreamConfig.of("s", 1));
      log.append("s", 0, List.of(NewRecord.ofUtf8("a"))).join();
      Throwable thrown = runInterrupted(() -> log.append("s", 0, List.of(NewRecord.ofUtf8("x"))));
      assertThat(thrown == null || thrown instanceof LogException)
          .as("an interrupted append fails, if at all, with a LogException, not %s", thrown)
          .isTrue();
      assertThat(thrown instanceof LogFailedException)
          .as("the caller's interrupt is not a storage failure: %s", thrown)
          .isFalse();
      long written = log.partition("s", 0).endOffset();
      log.awaitDurable("s", 0, written - 1).join();
      assertThat(written).as("the interrupted append is kept whole or not at all").isIn(1L, 2L);
      assertStillWorks(log, written);
    }
  }
}
