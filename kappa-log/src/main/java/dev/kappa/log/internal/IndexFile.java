package dev.kappa.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads and writes a {@link SparseIndex} file ({@code .index} or {@code .timeindex}). Indexes are
 * caches of the segment: a missing, short or corrupt file is simply rebuilt from the log.
 *
 * <p>Format, big-endian:
 *
 * <pre>
 *  0  magic         int32  0x4B494458 ("KIDX") for offsets, 0x4B544958 ("KTIX") for time
 *  4  version       int32  1
 *  8  entryCount    int32
 * 12  coveredBytes  int64  the index is complete for frames starting below this position
 * 20  crc           uint32 CRC32C of bytes [0, 20) and of every entry
 * 24  entries       entryCount x (key int64, relativeOffset int32, position int32)
 * </pre>
 */
final class IndexFile {

  static final int OFFSET_MAGIC = 0x4B494458;
  static final int TIME_MAGIC = 0x4B544958;
  private static final int VERSION = 1;
  private static final int HEADER = 24;
  private static final int ENTRY = 16;

  private IndexFile() {}

  /** A loaded index and the log prefix it covers. */
  record Loaded(SparseIndex index, long coveredBytes) {}

  static void write(Path file, int magic, SparseIndex index, long coveredBytes) throws IOException {
    int n = index.size();
    ByteBuffer buf = ByteBuffer.allocate(HEADER + n * ENTRY);
    buf.putInt(magic).putInt(VERSION).putInt(n).putLong(coveredBytes).putInt(0);
    for (int i = 0; i < n; i++) {
      buf.putLong(index.key(i)).putInt(index.relativeOffset(i)).putInt(index.position(i));
    }
    buf.putInt(20, crc(buf.array()));
    AtomicFiles.write(file, buf.array(), false);
  }

  /** The index in {@code file}, or empty if it is missing or fails any check. */
  static Optional<Loaded> read(Path file, int magic, long logSize) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (bytes.length < HEADER) {
      return Optional.empty();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int n = buf.getInt(8);
    long covered = buf.getLong(12);
    if (buf.getInt(0) != magic
        || buf.getInt(4) != VERSION
        || n < 0
        || bytes.length != HEADER + (long) n * ENTRY
        || covered < 0
        || covered > logSize
        || buf.getInt(20) != crc(bytes)) {
      return Optional.empty();
    }
    long[] keys = new long[Math.max(n, 1)];
    int[] offsets = new int[Math.max(n, 1)];
    int[] positions = new int[Math.max(n, 1)];
    buf.position(HEADER);
    for (int i = 0; i < n; i++) {
      keys[i] = buf.getLong();
      offsets[i] = buf.getInt();
      positions[i] = buf.getInt();
      if (positions[i] < 0 || positions[i] >= covered) {
        return Optional.empty();
      }
      if (i > 0 && (keys[i] < keys[i - 1] || positions[i] <= positions[i - 1])) {
        return Optional.empty();
      }
    }
    return Optional.of(new Loaded(new SparseIndex(keys, offsets, positions, n), covered));
  }

  private static int crc(byte[] file) {
    CRC32C crc = new CRC32C();
    crc.update(file, 0, 20);
    crc.update(file, HEADER, file.length - HEADER);
    return (int) crc.getValue();
  }
}
