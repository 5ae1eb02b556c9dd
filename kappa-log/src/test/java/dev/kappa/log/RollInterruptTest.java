package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller's interrupt is not a storage failure, even when its append rolls a segment. */
class RollInterruptTest {

  @TempDir Path dir;

  @Test
  void append_byInterruptedThreadThatRolls_doesNotStopTheLog() throws Exception {
    LogOptions options = LogOptions.builder(dir).segmentBytes(1024).build();
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of("s", 1));
      log.append("s", 0, List.of(NewRecord.of(new byte[900]))).join();
      AtomicReference<CompletableFuture<AppendResult>> rolled = new AtomicReference<>();
      Thread thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    Thread.currentThread().interrupt();
                    rolled.set(log.append("s", 0, List.of(NewRecord.of(new byte[900]))));
                    assertThat(Thread.currentThread().isInterrupted())
                        .as("the caller's interrupt flag is kept")
                        .isTrue();
                  });
      thread.join();
      assertThat(rolled.get().join().baseOffset()).isEqualTo(1);
      assertThat(log.failure()).isEmpty();
      assertThat(log.partition("s", 0).segmentCount()).isEqualTo(2);
      assertThat(log.append("s", 0, List.of(NewRecord.ofUtf8("after"))).join().baseOffset())
          .isEqualTo(2);
    }
  }
}
