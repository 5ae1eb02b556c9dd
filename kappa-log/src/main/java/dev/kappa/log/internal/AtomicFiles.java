package dev.kappa.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces files so that a crash leaves either the old or the new content, never a mix: write a
 * temporary sibling, fsync it, rename it over the target, fsync the directory.
 */
final class AtomicFiles {

  static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /**
   * Atomically replaces {@code target} with {@code content}. With {@code durable}, the new content
   * and the rename are fsynced before this returns (for checkpoints); without, only the rename is
   * atomic (for caches such as indexes).
   */
  static void write(Path target, byte[] content, boolean durable) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      if (durable) {
        channel.force(true);
      }
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename " + temp + " atomically", e);
    }
    if (durable) {
      fsyncDirectory(target.getParent());
    }
  }

  /** Makes a directory's entries (created, renamed, deleted files) durable. */
  static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
