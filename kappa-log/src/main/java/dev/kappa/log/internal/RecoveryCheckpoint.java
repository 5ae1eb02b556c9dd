package dev.kappa.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A partition's recovery point: everything before {@code position} of segment {@code segmentBase}
 * (and every older segment) was fsynced and verified, up to offset {@code nextOffset}. Recovery
 * only scans what lies after it.
 *
 * <p>File {@code recovery.checkpoint}, big-endian: magic int32 0x4B524350 ("KRCP"), version int32
 * 1, segmentBase int64, position int64, nextOffset int64, crc uint32 (CRC32C of the preceding 32
 * bytes). Written with {@link AtomicFiles} and fsynced; a missing or damaged file means "scan
 * everything".
 */
record RecoveryCheckpoint(long segmentBase, long position, long nextOffset) {

  static final String FILE = "recovery.checkpoint";
  private static final int MAGIC = 0x4B524350;
  private static final int SIZE = 36;

  void write(Path partitionDirectory) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(SIZE);
    buf.putInt(MAGIC).putInt(1).putLong(segmentBase).putLong(position).putLong(nextOffset);
    buf.putInt(crc(buf.array()));
    AtomicFiles.write(partitionDirectory.resolve(FILE), buf.array(), true);
  }

  static Optional<RecoveryCheckpoint> read(Path partitionDirectory) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(partitionDirectory.resolve(FILE));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (bytes.length != SIZE) {
      return Optional.empty();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.getInt(0) != MAGIC || buf.getInt(4) != 1 || buf.getInt(32) != crc(bytes)) {
      return Optional.empty();
    }
    return Optional.of(new RecoveryCheckpoint(buf.getLong(8), buf.getLong(16), buf.getLong(24)));
  }

  private static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, 32);
    return (int) crc.getValue();
  }
}
