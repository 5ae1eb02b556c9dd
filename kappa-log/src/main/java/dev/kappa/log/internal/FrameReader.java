package dev.kappa.log.internal;

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
   * (always at least that first frame), never past {@code limit}.
   */
  static FrameRecords read(Segment segment, int partition, long offset, long limit, int maxBytes)
      throws IOException {
    long position = segment.floorPosition(offset);
    int budget = Math.max(maxBytes, BatchHeader.SIZE);
    while (true) {
      if (position >= limit) {
        throw segment.corruption(position, "offset " + offset + " is missing from the segment");
      }
      int length = (int) Math.min(limit - position, (long) budget + SLACK);
      ByteBuffer chunk = segment.read(position, length);
      if (chunk.limit() < BatchHeader.SIZE) {
        throw segment.corruption(position, "a frame header is cut short by the durable end");
      }
      int at = 0;
      while (at + BatchHeader.SIZE <= chunk.limit()) {
        BatchHeader header = parse(segment, chunk, at, position, limit);
        if (header.nextOffset() <= offset) {
          at += header.length();
          continue;
        }
        if (header.baseOffset() > offset) {
          throw segment.corruption(
              position + at,
              "frame starts at offset " + header.baseOffset() + " but " + offset + " was expected");
        }
        if (at + header.length() > chunk.limit()) {
          position += at;
          chunk =
              segment.read(
                  position, (int) Math.min(limit - position, Math.max(header.length(), budget)));
          at = 0;
        }
        return collect(segment, partition, chunk, at, position, limit, offset, budget);
      }
      position += at;
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
      int computed = BatchHeader.computeCrc(chunk, end, header.length());
      if (computed != header.crc()) {
        throw segment.corruption(
            chunkAt + end,
            String.format("CRC mismatch: stored 0x%08X, computed 0x%08X", header.crc(), computed));
      }
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
            false,
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
    FrameRecords frame = read(segment, -1, found[1], limit, BatchHeader.SIZE);
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
