package dev.kappa.log.internal;

import dev.kappa.log.LogIOException;
import dev.kappa.log.SegmentBatch;
import dev.kappa.log.SegmentInspector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Walks the frames of a segment file sequentially, in large reads. Used by recovery (with CRC
 * checks), by index rebuilds (headers only) and by {@link SegmentInspector}.
 *
 * <p>Stateless; each call reads through its own buffer.
 */
public final class SegmentScanner {

  private static final int CHUNK = 1 << 20;

  private SegmentScanner() {}

  /** Reads bytes at a file position, like {@link FileChannel#read(ByteBuffer, long)}. */
  @FunctionalInterface
  interface PositionalReader {
    int read(ByteBuffer target, long position) throws IOException;
  }

  /** Receives each frame that parsed (and passed its CRC check, when checked). */
  @FunctionalInterface
  interface FrameVisitor {
    /** Returns null to accept the frame, or why the walk must stop before it. */
    String visit(long position, BatchHeader header);
  }

  /**
   * Where a walk ended.
   *
   * @param stoppedAt the position after the last frame accepted
   * @param problem why it stopped before {@code end}, or null
   */
  record Walk(long stoppedAt, String problem) {}

  /**
   * Walks frames from {@code from} while they start below {@code end}. Stops at the first frame
   * that does not parse, fails its CRC (when {@code verifyCrc}) or that the visitor rejects; the
   * walk's {@code stoppedAt} is then that frame's position.
   */
  static Walk walk(
      PositionalReader channel, long from, long end, boolean verifyCrc, FrameVisitor visitor)
      throws IOException {
    long position = from;
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(end - from, 0)));
    long chunkStart = -1;
    while (position < end) {
      int want = (int) Math.min(CHUNK, end - position);
      if (chunkStart < 0
          || position < chunkStart
          || position + BatchHeader.SIZE > chunkStart + chunk.limit()) {
        chunk = fill(channel, chunk, position, want);
        chunkStart = position;
      }
      int at = (int) (position - chunkStart);
      BatchHeader.Parsed parsed = BatchHeader.parse(chunk, at, end - position);
      if (!parsed.ok()) {
        return new Walk(position, parsed.problem());
      }
      BatchHeader header = parsed.header();
      if (verifyCrc) {
        if (at + header.length() > chunk.limit()) {
          chunk = fill(channel, chunk, position, Math.max(want, header.length()));
          chunkStart = position;
          at = 0;
        }
        int computed = BatchHeader.computeCrc(chunk, at, header.length());
        if (computed != header.crc()) {
          return new Walk(
              position,
              String.format(
                  "CRC mismatch: stored 0x%08X, computed 0x%08X", header.crc(), computed));
        }
      }
      String rejected = visitor.visit(position, header);
      if (rejected != null) {
        return new Walk(position, rejected);
      }
      position += header.length();
    }
    return new Walk(position, null);
  }

  /** True if a frame with a valid CRC starts anywhere in {@code (from, end)}. */
  static boolean anyValidFrameAfter(PositionalReader channel, long from, long end)
      throws IOException {
    for (long chunkStart = from + 1; chunkStart < end; ) {
      int length = (int) Math.min(CHUNK, end - chunkStart);
      ByteBuffer chunk = fill(channel, ByteBuffer.allocate(length), chunkStart, length);
      for (int at = 0; at + 4 <= length; at++) {
        if (chunk.getInt(at) == BatchHeader.MAGIC && validFrameAt(channel, chunkStart + at, end)) {
          return true;
        }
      }
      chunkStart += Math.max(1, length - 3);
    }
    return false;
  }

  private static boolean validFrameAt(PositionalReader channel, long position, long end)
      throws IOException {
    int headerBytes = (int) Math.min(BatchHeader.SIZE, end - position);
    ByteBuffer header = fill(channel, ByteBuffer.allocate(headerBytes), position, headerBytes);
    BatchHeader.Parsed parsed = BatchHeader.parse(header, 0, end - position);
    if (!parsed.ok()) {
      return false;
    }
    int length = parsed.header().length();
    ByteBuffer frame = fill(channel, ByteBuffer.allocate(length), position, length);
    return BatchHeader.computeCrc(frame, 0, length) == parsed.header().crc();
  }

  /**
   * Reads {@code length} bytes at {@code position} into a buffer (reusing {@code buf} if big
   * enough).
   */
  static ByteBuffer fill(PositionalReader channel, ByteBuffer buf, long position, int length)
      throws IOException {
    ByteBuffer target = buf.capacity() >= length ? buf.clear() : ByteBuffer.allocate(length);
    target.limit(length);
    while (target.hasRemaining()) {
      int n = channel.read(target, position + target.position());
      if (n < 0) {
        break;
      }
    }
    target.limit(target.position()).position(0);
    return target;
  }

  /** See {@link SegmentInspector#inspect}. */
  public static SegmentInspector.Result inspect(Path file, Consumer<SegmentBatch> onBatch) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      PositionalReader reader = channel::read;
      long size = channel.size();
      ByteBuffer frame = ByteBuffer.allocate(0);
      long position = 0;
      while (position < size) {
        ByteBuffer header =
            fill(
                reader,
                ByteBuffer.allocate(BatchHeader.SIZE),
                position,
                (int) Math.min(BatchHeader.SIZE, size - position));
        BatchHeader.Parsed parsed = BatchHeader.parse(header, 0, size - position);
        if (!parsed.ok()) {
          return new SegmentInspector.Result(size, position, parsed.problem());
        }
        BatchHeader h = parsed.header();
        frame = fill(reader, frame, position, h.length());
        int computed = BatchHeader.computeCrc(frame, 0, h.length());
        onBatch.accept(
            new SegmentBatch(
                position,
                h.length(),
                h.baseOffset(),
                h.recordCount(),
                h.baseTimestamp(),
                h.maxTimestamp(),
                h.appendTime(),
                h.crc(),
                computed));
        position += h.length();
      }
      return new SegmentInspector.Result(size, position, null);
    } catch (IOException e) {
      throw new LogIOException("cannot read segment " + file, e);
    }
  }
}
