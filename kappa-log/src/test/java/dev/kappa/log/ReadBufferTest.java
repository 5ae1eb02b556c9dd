package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads into a {@link ReadBuffer} return what plain reads return, batch for batch, while the buffer
 * keeps one bounded piece of memory: over segment rolls, batches larger than a read, and reads
 * small enough that frames straddle them.
 */
class ReadBufferTest {

  @TempDir Path dir;

  @Test
  void readsIntoABuffer_returnWhatPlainReadsReturn_inOneBoundedBuffer() {
    long seed = Long.getLong("kappa.seed", System.nanoTime());
    Random random = new Random(seed);
    LogOptions options = LogOptions.builder(dir).segmentBytes(64 << 10).build();
    List<String> written = new ArrayList<>();
    int largestBatch = 0;
    try (Log log = EmbeddedLog.open(options)) {
      log.createStream(StreamConfig.of("s", 1));
      for (int b = 0; b < 300; b++) {
        List<NewRecord> batch = new ArrayList<>();
        int n = 1 + random.nextInt(30);
        int bytes = 0;
        for (int i = 0; i < n; i++) {
          // Now and then a record larger than the reads below.
          int size = random.nextInt(20) == 0 ? 5_000 + random.nextInt(5_000) : random.nextInt(200);
          String value = written.size() + ":" + "v".repeat(size);
          written.add(value);
          batch.add(NewRecord.of(value.getBytes(StandardCharsets.UTF_8)));
          bytes += size;
        }
        largestBatch = Math.max(largestBatch, bytes);
        log.append("s", 0, batch).join();
      }
      for (int maxBytes : new int[] {1, 700, 4096, 1 << 20}) {
        ReadBuffer buffer = new ReadBuffer();
        List<String> plain = new ArrayList<>();
        List<String> buffered = new ArrayList<>();
        long offset = 0;
        while (offset < log.partition("s", 0).durableEnd()) {
          ReadResult expected = log.read("s", 0, offset, maxBytes);
          ReadResult actual = log.read("s", 0, offset, maxBytes, buffer);
          expected.forEach(r -> plain.add(text(r.value())));
          actual.forEach(r -> buffered.add(text(r.value())));
          assertThat(actual.nextOffset())
              .as("seed %d, maxBytes %d, at %d", seed, maxBytes, offset)
              .isEqualTo(expected.nextOffset());
          offset = actual.nextOffset();
        }
        assertThat(buffered).as("seed %d, maxBytes %d", seed, maxBytes).isEqualTo(plain);
        assertThat(buffered).as("seed %d, maxBytes %d", seed, maxBytes).isEqualTo(written);
        assertThat(buffer.capacity())
            .as("one buffer, as large as the largest read")
            .isLessThanOrEqualTo(Math.max(maxBytes, 2 * largestBatch) + (64 << 10) + 4096);
      }
    }
  }

  private static String text(ByteBuffer value) {
    return StandardCharsets.UTF_8.decode(value.duplicate()).toString();
  }
}
