package dev.kappa.log;

import java.nio.file.Path;

/**
 * Damage inside data that was already durable: a CRC mismatch, a broken frame or a gap in offsets.
 * Such data is never served and never silently truncated; an operator must look.
 */
public final class CorruptLogException extends LogException {

  private final Path file;
  private final long position;

  public CorruptLogException(Path file, long position, String reason) {
    super(
        "corrupt_log",
        "corrupt log data in " + file + " at byte " + position + ": " + reason,
        null);
    this.file = file;
    this.position = position;
  }

  /** The segment file holding the damage. */
  public Path file() {
    return file;
  }

  /** The byte position in {@link #file()} of the damaged batch. */
  public long position() {
    return position;
  }
}
