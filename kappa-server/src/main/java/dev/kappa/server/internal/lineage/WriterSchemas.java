package dev.kappa.server.internal.lineage;

import dev.kappa.log.Log;
import dev.kappa.log.OffsetOutOfRangeException;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writer schema ids of the values in a build's offset range of a stream partition, read from
 * each value's first five bytes (the {@code 0x00} magic byte and the id, as {@link
 * dev.kappa.schema.ValueCodec#schemaId} reads them); values without the prefix have none.
 *
 * <p>Cached per build and partition. A build's range {@code [start, end)} keeps its start and only
 * grows at its end as the build commits, so each call scans just the offsets past the last one
 * scanned; a range that moved otherwise is scanned again from its start. Offsets that retention
 * deleted before they were scanned cannot be looked at: the answer then says it is incomplete.
 *
 * <p>Thread-safe: calls for one build and partition are serialized; others run in parallel.
 */
final class WriterSchemas {

  /** How much one read of a partition fetches at most. */
  private static final int READ_BYTES = 1 << 20;

  private static final byte MAGIC = 0;

  /** Which build's range of which partition. */
  record Key(String view, long build, String stream, int partition) {}

  /**
   * What the scan of a range found.
   *
   * @param ids the distinct writer schema ids, ascending
   * @param complete false if some offsets of the range were deleted before they were scanned
   */
  record Found(Set<Integer> ids, boolean complete) {

    Found {
      ids = Set.copyOf(ids);
    }
  }

  /** The scan so far of one key: {@code [start, next)}. Guarded by its own monitor. */
  private static final class Scan {
    long start;
    long next;
    boolean complete = true;
    final TreeSet<Integer> ids = new TreeSet<>();

    Scan(long start) {
      reset(start);
    }

    void reset(long from) {
      start = from;
      next = from;
      complete = true;
      ids.clear();
    }
  }

  private final Log log;
  private final Map<Key, Scan> scans = new ConcurrentHashMap<>();

  WriterSchemas(Log log) {
    this.log = log;
  }

  /** The writer schema ids of the values at offsets {@code [start, end)} of the key's partition. */
  Found ids(Key key, long start, long end) {
    Scan scan = scans.computeIfAbsent(key, k -> new Scan(start));
    synchronized (scan) {
      if (scan.start != start || end < scan.next) {
        scan.reset(start);
      }
      scanTo(key, scan, end);
      return new Found(new TreeSet<>(scan.ids), scan.complete);
    }
  }

  /** Forgets the scans of builds not in {@code buildIds} ({@code view#build}). */
  void retain(Set<String> buildIds) {
    scans.keySet().removeIf(key -> !buildIds.contains(key.view() + "#" + key.build()));
  }

  private void scanTo(Key key, Scan scan, long end) {
    while (scan.next < end) {
      PartitionInfo info = log.partition(key.stream(), key.partition());
      long stop = Math.min(end, info.durableEnd());
      if (scan.next < info.startOffset()) {
        scan.complete = false;
        scan.next = Math.min(info.startOffset(), stop);
      }
      if (scan.next >= stop) {
        return;
      }
      ReadResult batch;
      try {
        batch = log.read(key.stream(), key.partition(), scan.next, READ_BYTES);
      } catch (OffsetOutOfRangeException e) {
        continue; // retention moved the start meanwhile: look at the partition again
      }
      if (batch.isEmpty()) {
        return;
      }
      long from = scan.next;
      batch.forEach(
          record -> {
            if (record.offset() >= from && record.offset() < stop) {
              ByteBuffer value = record.value();
              if (value.remaining() >= 5 && value.get(value.position()) == MAGIC) {
                scan.ids.add(value.getInt(value.position() + 1));
              }
            }
          });
      scan.next = Math.min(batch.nextOffset(), stop);
    }
  }
}
