package dev.kappa.log.internal;

import dev.kappa.log.CorruptLogException;
import dev.kappa.log.RecoveryReport.PartitionRecovery;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory after a clean shutdown or a crash.
 *
 * <p><b>Recovery rules.</b> Data before the recovery checkpoint was fsynced and verified, so only
 * its index tails are re-walked (headers, no CRC). Everything after it is CRC-checked frame by
 * frame. A bad frame at the end of the last segment, with no valid frame after it, is a torn write
 * that was never acknowledged: it is cut and the cut is reported. Any other damage, or a gap in
 * offsets, is a {@link CorruptLogException} naming the file and position: acknowledged data is
 * never dropped silently. Missing or damaged index files are rebuilt from the log.
 *
 * <p><b>Unacknowledged batches are kept.</b> A batch is written before the fsync that acknowledges
 * it, so after a crash or power loss a batch that was never acknowledged (its appender died
 * waiting, or got a {@code LogFailedException} from a failed fsync) may be on disk in full. Every
 * complete batch past the checkpoint with a valid CRC and continuing offsets is kept, acknowledged
 * or not: the log records no acknowledgements (that would take a second fsync per group commit),
 * and such a batch cannot be told from an acknowledged one, so cutting it could lose acknowledged
 * data. Unacknowledged appends are therefore at-least-once (a retry may store them twice);
 * acknowledged ones are never lost. Only a torn tail, which no one can have been acknowledged for,
 * is cut.
 *
 * <p><b>Temporary files.</b> Every {@code *.tmp} file in the partition directory (an interrupted
 * atomic replacement of {@code recovery.checkpoint} or an index) is deleted before the segments are
 * read, and so is every index file whose segment is missing.
 */
final class PartitionLoader {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLoader.class);

  private final Path directory;
  private final String stream;
  private final int partition;
  private final int indexInterval;
  private final FileSync sync;
  private long scannedBytes;
  private long truncatedBytes;
  private int rebuiltIndexes;

  PartitionLoader(Path directory, String stream, int partition, int indexInterval, FileSync sync) {
    this.directory = directory;
    this.stream = stream;
    this.partition = partition;
    this.indexInterval = indexInterval;
    this.sync = sync;
  }

  /** The loaded segments, oldest first, and what was repaired (null if nothing). */
  record Loaded(List<Segment> segments, PartitionRecovery recovery) {}

  Loaded load() throws IOException {
    TreeMap<Long, Path> files = listSegmentFiles();
    List<Segment> segments = new ArrayList<>();
    try {
      if (files.isEmpty()) {
        requireNothingDurable();
        segments.add(Segment.create(directory, 0, indexInterval));
        sync.forceDirectory(directory);
        return new Loaded(segments, null);
      }
      return loadAll(files, segments);
    } catch (IOException | RuntimeException e) {
      closeQuietly(segments);
      throw e;
    }
  }

  /**
   * A partition without segments is new, unless its checkpoint says records were durable: then
   * every segment file was lost, and starting again at offset 0 would silently drop acknowledged
   * records and reuse their offsets.
   */
  private void requireNothingDurable() throws IOException {
    Optional<RecoveryCheckpoint> checkpoint = RecoveryCheckpoint.read(directory);
    if (checkpoint.isPresent() && checkpoint.get().nextOffset() > 0) {
      throw new CorruptLogException(
          directory.resolve(Segment.fileName(checkpoint.get().segmentBase(), ".log")),
          0,
          "the partition has no segment files but offsets up to "
              + checkpoint.get().nextOffset()
              + " were durable at the last checkpoint");
    }
  }

  /** Closes segments opened before a failure, so a refused open leaks no file handles. */
  static void closeQuietly(Iterable<Segment> segments) {
    for (Segment segment : segments) {
      try {
        segment.close();
      } catch (IOException | RuntimeException ignored) {
        // already failing
      }
    }
  }

  private Loaded loadAll(TreeMap<Long, Path> files, List<Segment> segments) throws IOException {
    Optional<RecoveryCheckpoint> checkpoint = RecoveryCheckpoint.read(directory);
    long checkpointBase = checkpoint.map(RecoveryCheckpoint::segmentBase).orElse(-1L);
    long expectedBase = files.firstKey();
    for (var entry : files.entrySet()) {
      long base = entry.getKey();
      Path file = entry.getValue();
      if (base != expectedBase) {
        throw new CorruptLogException(
            file, 0, "offset gap: the previous segment ends at offset " + expectedBase);
      }
      long size = Files.size(file);
      long verifyFrom;
      if (base < checkpointBase) {
        verifyFrom = size;
      } else if (base == checkpointBase) {
        verifyFrom = checkpoint.get().position();
        if (verifyFrom > size) {
          throw new CorruptLogException(
              file, size, "the file ends before its recovery checkpoint at byte " + verifyFrom);
        }
      } else {
        verifyFrom = 0;
      }
      boolean last = base == files.lastKey();
      Segment segment = loadSegment(file, base, size, verifyFrom, last);
      segments.add(segment);
      expectedBase = segment.nextOffset();
    }
    if (checkpoint.isPresent()) {
      checkAgainst(checkpoint.get(), files, expectedBase);
    }
    PartitionRecovery recovery =
        scannedBytes > 0 || truncatedBytes > 0 || rebuiltIndexes > 0
            ? new PartitionRecovery(stream, partition, scannedBytes, truncatedBytes, rebuiltIndexes)
            : null;
    return new Loaded(segments, recovery);
  }

  private TreeMap<Long, Path> listSegmentFiles() throws IOException {
    TreeMap<Long, Path> logs = new TreeMap<>();
    List<Path> others = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
          Files.delete(path);
        } else if (name.matches("\\d{20}\\.log")) {
          logs.put(Long.parseLong(name.substring(0, 20)), path);
        } else if (name.matches("\\d{20}\\.(index|timeindex)")) {
          others.add(path);
        }
      }
    }
    for (Path index : others) {
      long base = Long.parseLong(index.getFileName().toString().substring(0, 20));
      if (!logs.containsKey(base)) {
        Files.delete(index); // left behind by a crash while retention deleted its segment
      }
    }
    return logs;
  }

  private Segment loadSegment(Path file, long base, long size, long verifyFrom, boolean last)
      throws IOException {
    Path offsetFile = file.resolveSibling(Segment.fileName(base, ".index"));
    Path timeFile = file.resolveSibling(Segment.fileName(base, ".timeindex"));
    var offsets = IndexFile.read(offsetFile, IndexFile.OFFSET_MAGIC, size);
    var times = IndexFile.read(timeFile, IndexFile.TIME_MAGIC, size);
    SparseIndex offsetIndex = new SparseIndex();
    SparseIndex timeIndex = new SparseIndex();
    int walkFrom = 0;
    long indexedMax = Long.MIN_VALUE;
    boolean rebuilt = offsets.isEmpty() || times.isEmpty();
    if (rebuilt) {
      rebuiltIndexes += (offsets.isEmpty() ? 1 : 0) + (times.isEmpty() ? 1 : 0);
    } else {
      long covered =
          Math.min(Math.min(offsets.get().coveredBytes(), times.get().coveredBytes()), verifyFrom);
      offsetIndex = offsets.get().index();
      timeIndex = times.get().index();
      offsetIndex.truncateFrom((int) covered);
      timeIndex.truncateFrom((int) covered);
      // Re-walk from the older of the two last entries: the maxima and offsets after it are not
      // in the files, and replaying the same frames through indexFrame rebuilds identical entries.
      walkFrom = Math.max(0, Math.min(offsetIndex.lastPosition(), timeIndex.lastPosition()));
      // Frames before walkFrom may have raised the running maximum up to the last time entry's
      // key without an entry of their own; carry that key over, since they are not re-walked.
      indexedMax = timeIndex.size() == 0 ? Long.MIN_VALUE : timeIndex.key(timeIndex.size() - 1);
      offsetIndex.truncateFrom(walkFrom);
      timeIndex.truncateFrom(walkFrom);
    }
    Segment segment = Segment.open(file, base, indexInterval, offsetIndex, timeIndex);
    try {
      recover(segment, walkFrom, indexedMax, size, verifyFrom, last, rebuilt);
    } catch (IOException | RuntimeException e) {
      closeQuietly(List.of(segment));
      throw e;
    }
    return segment;
  }

  private void recover(
      Segment segment,
      int walkFrom,
      long indexedMax,
      long size,
      long verifyFrom,
      boolean last,
      boolean rebuilt)
      throws IOException {
    Path file = segment.file();
    segment.raiseMaxTimestamp(indexedMax);
    int resumeAt = walkFrom;
    // CRCs are checked here too: this stretch is short (one index interval, or a whole segment
    // whose index is rebuilt, which is rare) and a damaged header must not move offsets.
    var durable =
        SegmentScanner.walk(
            segment.channel(),
            resumeAt,
            verifyFrom,
            true,
            (position, header) -> accept(segment, position, header, resumeAt));
    if (durable.problem() != null) {
      throw segment.corruption(durable.stoppedAt(), durable.problem());
    }
    var tail =
        SegmentScanner.walk(
            segment.channel(),
            verifyFrom,
            size,
            true,
            (position, header) -> accept(segment, position, header, resumeAt));
    long end = tail.stoppedAt();
    scannedBytes += size - verifyFrom;
    if (tail.problem() != null) {
      if (!last || SegmentScanner.anyValidFrameAfter(segment.channel(), end, size)) {
        throw segment.corruption(
            end,
            tail.problem()
                + (last
                    ? "; valid frames follow it, so it is not a torn write"
                    : " in a closed segment"));
      }
      LOG.warn(
          "{}/{}: cut a torn batch at byte {} of {}: {} bytes ({})",
          stream,
          partition,
          end,
          file,
          size - end,
          tail.problem());
      segment.truncate(end);
      truncatedBytes += size - end;
    }
    segment.recovered(end);
    if (size > verifyFrom) {
      segment.channel().force(sync);
    }
    if (!last && (rebuilt || size > verifyFrom)) {
      segment.writeIndexes(end);
    }
  }

  /**
   * Acknowledged data must still be there: the segment the checkpoint names exists (unless
   * retention removed it together with everything older), and the partition reaches its offset.
   */
  private void checkAgainst(RecoveryCheckpoint checkpoint, TreeMap<Long, Path> files, long end) {
    long base = checkpoint.segmentBase();
    if (base >= files.firstKey() && !files.containsKey(base)) {
      throw new CorruptLogException(
          directory.resolve(Segment.fileName(base, ".log")),
          0,
          "the segment named by the recovery checkpoint is missing");
    }
    if (end < checkpoint.nextOffset()) {
      throw new CorruptLogException(
          files.lastEntry().getValue(),
          0,
          "the partition ends at offset "
              + end
              + " but offsets up to "
              + checkpoint.nextOffset()
              + " were durable at the last checkpoint");
    }
  }

  /** Checks that frames continue the segment's offsets, then indexes them. */
  private static String accept(Segment segment, long position, BatchHeader header, int walkFrom) {
    boolean firstOfWalk = position == walkFrom && walkFrom > 0;
    long expected = segment.nextOffset();
    if (!firstOfWalk && header.baseOffset() != expected) {
      return "frame starts at offset " + header.baseOffset() + ", expected " + expected;
    }
    if (firstOfWalk && header.baseOffset() < segment.baseOffset()) {
      return "frame offset " + header.baseOffset() + " is below the segment's base";
    }
    segment.indexFrame(
        position,
        header.baseOffset(),
        header.recordCount(),
        header.maxTimestamp(),
        header.appendTime());
    return null;
  }
}
