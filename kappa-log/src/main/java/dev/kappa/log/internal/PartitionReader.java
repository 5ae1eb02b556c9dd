package dev.kappa.log.internal;

import dev.kappa.log.LogIOException;
import dev.kappa.log.OffsetOutOfRangeException;
import dev.kappa.log.ReadBuffer;
import dev.kappa.log.ReadResult;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Supplier;

/**
 * Reads of one partition, by offset and by event time, from a snapshot of its segments and its
 * {@link DurablePoint}. Never reads past the durable point, so nothing that could still be lost is
 * served.
 *
 * <p>Thread-safe: stateless apart from where the snapshots come from, and segments are read with
 * positional reads.
 */
final class PartitionReader {

  private final String stream;
  private final int partition;
  private final Supplier<Segment[]> segments;
  private final Supplier<DurablePoint> durable;

  PartitionReader(
      String stream, int partition, Supplier<Segment[]> segments, Supplier<DurablePoint> durable) {
    this.stream = stream;
    this.partition = partition;
    this.segments = segments;
    this.durable = durable;
  }

  /** See {@code Log#read}; into {@code buffer} unless it is null. */
  ReadResult read(long offset, int maxBytes, ReadBuffer buffer) {
    DurablePoint d = durable.get();
    Segment[] s = segments.get();
    checkReadable(offset, s[0].baseOffset(), d.offset());
    if (offset == d.offset()) {
      return FrameRecords.empty(partition, offset);
    }
    Segment segment = floorSegment(s, offset);
    try {
      return FrameReader.read(segment, partition, offset, d.limitIn(segment), maxBytes, buffer);
    } catch (ClosedChannelException e) {
      // Retention deleted the segment while we read it.
      checkReadable(offset, segments.get()[0].baseOffset(), durable.get().offset());
      throw new IllegalStateException("segment closed under a read at offset " + offset, e);
    } catch (IOException e) {
      throw new LogIOException("cannot read " + segment.file(), e);
    }
  }

  /** See {@code Log#offsetForTime}. */
  long offsetForTime(long timestamp) {
    DurablePoint d = durable.get();
    for (Segment segment : segments.get()) {
      if (segment.baseOffset() >= d.offset()) {
        break;
      }
      int from = segment.timeScanStart(timestamp);
      if (from < 0) {
        continue;
      }
      try {
        long found = FrameReader.firstAtOrAfter(segment, from, d.limitIn(segment), timestamp);
        if (found >= 0) {
          return found;
        }
      } catch (IOException e) {
        throw new LogIOException("cannot read " + segment.file(), e);
      }
    }
    return d.offset();
  }

  private void checkReadable(long offset, long start, long durableEnd) {
    if (offset < start || offset > durableEnd) {
      throw new OffsetOutOfRangeException(stream, partition, offset, start, durableEnd);
    }
  }

  private static Segment floorSegment(Segment[] s, long offset) {
    int lo = 0;
    int hi = s.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (s[mid].baseOffset() <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return s[lo];
  }
}
