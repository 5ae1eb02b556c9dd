package dev.kappa.log.internal;

import dev.kappa.log.ReadBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads whole frames of a segment below a durable limit, checking every CRC and that offsets
 * continue without gaps. Damage is reported as {@link dev.kappa.log.CorruptLogException} with the
 * file and position; no record of a damaged frame is ever returned.
 *
 * <p>Stateless and thread-safe.
 */
final class FrameReader {

  /** Extra bytes read past {@code maxBytes}, so a frame straddling the end usually fits. */
  private static final int SLACK = 64 << 10;

  private FrameReader() {}

  /**
   * Reads frames starting with the one that holds {@code offset}, about {@code maxBytes} of them
   * (always at least that first frame), never past {@code limit}; into {@code buffer} unless it is
   * null.
   */
  static FrameRecords read(
      Segment segment, int partition, long offset, long limit, int maxBytes, ReadBuffer buffer)
      throws IOException {
    long position = segment.floorPosition(offset);
    int budget = Math.max(maxBytes, BatchHeader.SIZE);
    ByteBuffer chunk = null;
    long chunkAt = 0;
    long expected = -1;
    while (true) {
      if (position >= limit) {
        throw segment.corruption(position, "offset " + offset + " is missing from the segment");
      }
      int at = (int) (position - chunkAt);
      if (chunk == null || at + BatchHeader.SIZE > chunk.limit()) {
        chunk =
            segment.read(position, (int) Math.min(limit - position, (long) budget + SLACK), buffer);
        chunkAt = position;
        at = 0;
        if (chunk.limit() < BatchHeader.SIZE) {
          throw segment.corruption(position, "a frame header is cut short by the durable end");
        }
      }
      BatchHeader header = parse(segment, chunk, at, chunkAt, limit);
      if (at + header.length() > chunk.limit()) {
        int length = (int) Math.min(limit - position, Math.max(header.length(), budget));
        chunk = segment.read(position, length, buffer);
        chunkAt = position;
        at = 0;
      }
      if (expected >= 0 && header.baseOffset() != expected) {
        throw segment.corruption(
            position, "frame starts at offset " + header.baseOffset() + ", expected " + expected);
      }
      if (header.nextOffset() > offset) {
        if (header.baseOffset() > offset) {
          throw segment.corruption(
              position,
              "frame starts at offset " + header.baseOffset() + " but " + offset + " was expected");
        }
        return collect(segment, partition, chunk, at, chunkAt, limit, offset, budget);
      }
      // A frame before the wanted offset is still checked: a damaged length would misdirect us.
      if (!crcMatches(chunk, at, header)) {
        checkSkippable(segment, position, header, limit);
      }
      expected = header.nextOffset();
      position += header.length();
    }
  }

  private static boolean crcMatches(ByteBuffer chunk, int at, BatchHeader header) {
    return BatchHeader.computeCrc(chunk, at, header.length()) == header.crc();
  }

  /**
   * A damaged frame may be stepped over only if its length provably is intact: a valid frame
   * follows exactly where it says it ends and continues its offsets. Otherwise reading past it
   * could misread garbage as records, so the read fails.
   */
  private static void checkSkippable(Segment segment, long position, BatchHeader bad, long limit)
      throws IOException {
    long next = position + bad.length();
    if (next + BatchHeader.SIZE <= limit) {
      ByteBuffer head = segment.read(next, BatchHeader.SIZE);
      BatchHeader.Parsed parsed = BatchHeader.parse(head, 0, limit - next);
      if (parsed.ok() && parsed.header().baseOffset() == bad.nextOffset()) {
        ByteBuffer frame = segment.read(next, parsed.header().length());
        if (crcMatches(frame, 0, parsed.header())) {
          return;
        }
      }
    }
    throw segment.corruption(position, "CRC mismatch in a frame before the requested offset");
  }

  private static void checkCrc(
      Segment segment, ByteBuffer chunk, int at, long chunkAt, BatchHeader header) {
    int computed = BatchHeader.computeCrc(chunk, at, header.length());
    if (computed != header.crc()) {
      throw segment.corruption(
          chunkAt + at,
          String.format("CRC mismatch: stored 0x%08X, computed 0x%08X", header.crc(), computed));
    }
  }

  /** Takes frames from {@code first} while they fit in the chunk and the budget. */
  private static FrameRecords collect(
      Segment segment,
      int partition,
      ByteBuffer chunk,
      int first,
      long chunkAt,
      long limit,
      long offset,
      int budget) {
    int end = first;
    long expected = -1;
    while (end + BatchHeader.SIZE <= chunk.limit()) {
      BatchHeader header = parse(segment, chunk, end, chunkAt, limit);
      boolean firstFrame = end == first;
      if (end + header.length() > chunk.limit()
          || (!firstFrame && end - first + header.length() > budget)) {
        break;
      }
      if (!firstFrame && header.baseOffset() != expected) {
        throw segment.corruption(
            chunkAt + end,
            "frame starts at offset " + header.baseOffset() + ", expected " + expected);
      }
      checkCrc(segment, chunk, end, chunkAt, header);
      expected = header.nextOffset();
      end += header.length();
    }
    return new FrameRecords(partition, chunk.slice(first, end - first), offset, expected);
  }

  private static BatchHeader parse(
      Segment segment, ByteBuffer chunk, int at, long chunkAt, long limit) {
    BatchHeader.Parsed parsed = BatchHeader.parse(chunk, at, limit - (chunkAt + at));
    if (!parsed.ok()) {
      throw segment.corruption(chunkAt + at, parsed.problem());
    }
    return parsed.header();
  }

  /**
   * The offset of the first record at or after {@code from} with event time at least {@code
   * timestamp}, or -1 if there is none below {@code limit}.
   */
  static long firstAtOrAfter(Segment segment, long from, long limit, long timestamp)
      throws IOException {
    long[] found = {-1, -1};
    SegmentScanner.Walk walk =
        SegmentScanner.walk(
            segment.channel(),
            from,
            limit,
            true,
            (position, header) -> {
              if (header.maxTimestamp() >= timestamp) {
                found[0] = position;
                found[1] = header.baseOffset();
                return "found";
              }
              return null;
            });
    if (found[0] < 0) {
      if (walk.problem() != null) {
        throw segment.corruption(walk.stoppedAt(), walk.problem());
      }
      return -1;
    }
    FrameRecords frame = read(segment, -1, found[1], limit, BatchHeader.SIZE, null);
    long[] first = {-1};
    frame.forEach(
        record -> {
          if (first[0] < 0 && record.eventTime() >= timestamp) {
            first[0] = record.offset();
          }
        });
    return first[0];
  }
}
