package dev.kappa.log;

import dev.kappa.log.internal.SegmentScanner;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a segment file directly, without opening a log or taking its lock: for {@code kappa
 * dump-segment} and for tools written against the documented format.
 */
public final class SegmentInspector {

  private SegmentInspector() {}

  /**
   * Walks the batch frames of a segment file in order, verifying each CRC.
   *
   * @param file a {@code .log} segment file
   * @param onBatch receives every well-framed batch, valid CRC or not
   * @return where the walk stopped: the end of the file, or the position of a frame that could not
   *     be parsed (bad magic or length), with the reason
   * @throws LogIOException if the file cannot be read
   */
  public static Result inspect(Path file, Consumer<SegmentBatch> onBatch) {
    return SegmentScanner.inspect(file, onBatch);
  }

  /**
   * How a walk ended.
   *
   * @param fileSize the file's size in bytes
   * @param stoppedAt the position where the walk ended ({@code fileSize} if it reached the end)
   * @param problem why it stopped early, or null if it reached the end
   */
  public record Result(long fileSize, long stoppedAt, String problem) {
    public boolean complete() {
      return problem == null;
    }
  }
}
