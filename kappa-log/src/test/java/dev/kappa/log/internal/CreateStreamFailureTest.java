package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.Log;
import dev.kappa.log.LogIOException;
import dev.kappa.log.LogOptions;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream whose creation fails after its directory was written leaves nothing behind: the error is
 * typed, the name stays free, a retry works and a reopened log does not find a half stream.
 */
class CreateStreamFailureTest {

  @TempDir Path dir;

  /** Fails the next directory fsync whose path matches, once. */
  private static final class FailingDirectorySync implements FileSync {
    volatile Predicate<Path> failNext = p -> false;

    @Override
    public void force(FileChannel channel) throws IOException {
      channel.force(false);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      if (failNext.test(directory)) {
        failNext = p -> false;
        throw new IOException("injected: directory fsync failed");
      }
      FileSync.DEFAULT.forceDirectory(directory);
    }
  }

  @Test
  void createStream_whenOpeningAPartitionFails_removesTheStreamSoARetryWorks() throws IOException {
    FailingDirectorySync sync = new FailingDirectorySync();
    Path streams = dir.resolve("streams");
    // The third partition's first segment is created when the stream opens, after the rename.
    assertCreateFailsCleanlyThenRetryWorks(sync, p -> p.equals(streams.resolve("s").resolve("2")));
  }

  @Test
  void createStream_whenTheRenameIsNotMadeDurable_removesTheStreamSoARetryWorks()
      throws IOException {
    FailingDirectorySync sync = new FailingDirectorySync();
    Path streams = dir.resolve("streams");
    assertCreateFailsCleanlyThenRetryWorks(sync, streams::equals);
  }

  private void assertCreateFailsCleanlyThenRetryWorks(
      FailingDirectorySync sync, Predicate<Path> failing) throws IOException {
    LogOptions options = LogOptions.builder(dir).build();
    Path streams = dir.resolve("streams");
    try (Log log = DefaultLog.open(options, sync)) {
      log.createStream(StreamConfig.of("before", 1));
      sync.failNext = failing;
      assertThatThrownBy(() -> log.createStream(StreamConfig.of("s", 3)))
          .isInstanceOf(LogIOException.class)
          .hasMessageContaining("'s'")
          .hasMessageContaining("injected");
      assertThat(log.hasStream("s")).isFalse();
      assertThat(entries(streams)).containsExactly("before");

      log.createStream(StreamConfig.of("s", 3));
      assertThat(log.append("s", 2, List.of(NewRecord.ofUtf8("x"))).join().baseOffset()).isZero();
    }
    try (Log log = DefaultLog.open(options, FileSync.DEFAULT)) {
      assertThat(log.describeStream("s").partitions()).hasSize(3);
      assertThat(log.partition("s", 2).durableEnd()).isEqualTo(1);
    }
  }

  private static List<String> entries(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
