package dev.kappa.log.internal;

import dev.kappa.log.CorruptLogException;
import dev.kappa.log.ReadBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One segment of a partition: a {@code .log} file of frames plus its sparse {@code .index} and
 * {@code .timeindex}, all named by the segment's base offset as 20 zero-padded digits.
 *
 * <p><b>Invariants:</b> frames are contiguous from position 0 to {@link #size()}; their offsets are
 * dense from {@link #baseOffset()} to {@link #nextOffset()}; index entries point at frame starts
 * and increase in key and position. A time-index entry {@code (t, frame)} means every record up to
 * and including that frame has event time at most {@code t}.
 *
 * <p><b>Thread-safety:</b> writes ({@link #append}, {@link #indexFrame}, {@link #truncate}) happen
 * under the partition's write lock. Reads may run concurrently: they use positional reads and only
 * look at bytes below a durable position the partition hands them.
 */
final class Segment implements AutoCloseable {

  private final Path file;
  private final long baseOffset;
  private final SegmentChannel channel;
  private final int indexInterval;
  private final SparseIndex offsetIndex;
  private final SparseIndex timeIndex;
  private volatile long size;
  private volatile long nextOffset;
  private volatile long maxTimestamp = Long.MIN_VALUE;
  private volatile long lastAppendTime = Long.MIN_VALUE;
  private int lastOffsetEntryAt;
  private int lastTimeEntryAt;
  private long lastTimeKey = Long.MIN_VALUE;

  private Segment(
      Path file,
      long baseOffset,
      SegmentChannel channel,
      int indexInterval,
      SparseIndex offsetIndex,
      SparseIndex timeIndex) {
    this.file = file;
    this.baseOffset = baseOffset;
    this.channel = channel;
    this.indexInterval = indexInterval;
    this.offsetIndex = offsetIndex;
    this.timeIndex = timeIndex;
    this.nextOffset = baseOffset;
    this.lastOffsetEntryAt = Math.max(0, offsetIndex.lastPosition());
    this.lastTimeEntryAt = Math.max(0, timeIndex.lastPosition());
    if (timeIndex.size() > 0) {
      lastTimeKey = timeIndex.key(timeIndex.size() - 1);
      maxTimestamp = lastTimeKey;
    }
  }

  static String fileName(long baseOffset, String suffix) {
    return String.format("%020d%s", baseOffset, suffix);
  }

  /** Creates an empty segment file; the caller fsyncs the directory. */
  static Segment create(Path directory, long baseOffset, int indexInterval) throws IOException {
    Path file = directory.resolve(fileName(baseOffset, ".log"));
    SegmentChannel channel = SegmentChannel.create(file);
    return new Segment(
        file, baseOffset, channel, indexInterval, new SparseIndex(), new SparseIndex());
  }

  /** Opens an existing segment file with indexes known good up to some position. */
  static Segment open(
      Path file, long baseOffset, int indexInterval, SparseIndex offsets, SparseIndex times)
      throws IOException {
    SegmentChannel channel = SegmentChannel.open(file);
    return new Segment(file, baseOffset, channel, indexInterval, offsets, times);
  }

  Path file() {
    return file;
  }

  Path offsetIndexFile() {
    return file.resolveSibling(fileName(baseOffset, ".index"));
  }

  Path timeIndexFile() {
    return file.resolveSibling(fileName(baseOffset, ".timeindex"));
  }

  long baseOffset() {
    return baseOffset;
  }

  long nextOffset() {
    return nextOffset;
  }

  long size() {
    return size;
  }

  long maxTimestamp() {
    return maxTimestamp;
  }

  long lastAppendTime() {
    return lastAppendTime;
  }

  SegmentChannel channel() {
    return channel;
  }

  /** Writes an encoded frame at the end; on error the caller fails the log. */
  void append(RecordEncoder.EncodedBatch batch, long appendTime) throws IOException {
    ByteBuffer frame = batch.frame();
    long position = size;
    int length = frame.remaining();
    channel.writeFully(frame, position);
    indexFrame(position, batch.baseOffset(), batch.recordCount(), batch.maxTimestamp(), appendTime);
    size = position + length;
  }

  /**
   * Accounts for a frame at {@code position}: updates offsets, timestamps and both indexes. Called
   * for appended frames and for frames found by recovery, so both build identical indexes.
   */
  void indexFrame(
      long position, long frameBase, int count, long frameMaxTimestamp, long appendTime) {
    int at = (int) position;
    int relative = (int) (frameBase - baseOffset);
    if (at - lastOffsetEntryAt >= indexInterval) {
      offsetIndex.add(relative, relative, at);
      lastOffsetEntryAt = at;
    }
    long max = Math.max(maxTimestamp, frameMaxTimestamp);
    maxTimestamp = max;
    // An entry (max event time so far, this frame) once per interval while the max grows: so a
    // larger max than the last entry's can only sit in frames within one interval of the end of
    // what was indexed, which is what recovery re-walks.
    if (at - lastTimeEntryAt >= indexInterval && max > lastTimeKey) {
      timeIndex.add(max, relative, at);
      lastTimeEntryAt = at;
      lastTimeKey = max;
    }
    lastAppendTime = Math.max(lastAppendTime, appendTime);
    nextOffset = frameBase + count;
  }

  /** Raises the running maximum event time, for frames recovery does not re-walk. */
  void raiseMaxTimestamp(long timestamp) {
    maxTimestamp = Math.max(maxTimestamp, timestamp);
  }

  /** Sets size and offsets after recovery has accepted frames up to {@code position}. */
  void recovered(long position) {
    size = position;
  }

  /** Cuts the file at {@code position}, dropping index entries past it. */
  void truncate(long position) throws IOException {
    channel.truncate(position);
    offsetIndex.truncateFrom((int) position);
    timeIndex.truncateFrom((int) position);
    size = position;
  }

  /** Position of the frame to start reading from for {@code offset} (a frame at or before it). */
  int floorPosition(long offset) {
    int i = offsetIndex.floor(offset - baseOffset);
    return i < 0 ? 0 : offsetIndex.position(i);
  }

  /**
   * Position from which a scan finds the first record with event time at least {@code timestamp},
   * or -1 if every record here is older.
   */
  int timeScanStart(long timestamp) {
    if (maxTimestamp < timestamp) {
      return -1;
    }
    int first = timeIndex.ceiling(timestamp);
    return first == 0 ? 0 : timeIndex.position(first - 1);
  }

  /** Reads bytes {@code [position, position + length)}. */
  ByteBuffer read(long position, int length) throws IOException {
    return read(position, length, null);
  }

  /** Reads bytes {@code [position, position + length)} into {@code buffer} unless it is null. */
  ByteBuffer read(long position, int length, ReadBuffer buffer) throws IOException {
    ByteBuffer target = buffer == null ? ByteBuffer.allocate(length) : buffer.take(length);
    return SegmentScanner.fill(channel, target, position, length);
  }

  /**
   * Writes both indexes, complete for frames below {@code coveredBytes}. Synchronized: a roll and
   * the periodic checkpoint may both write the same segment's files through the same temp names.
   */
  synchronized void writeIndexes(long coveredBytes) throws IOException {
    SparseIndex offsets = offsetIndex.copy(offsetIndex.countBelow((int) coveredBytes));
    SparseIndex times = timeIndex.copy(timeIndex.countBelow((int) coveredBytes));
    IndexFile.write(offsetIndexFile(), IndexFile.OFFSET_MAGIC, offsets, coveredBytes);
    IndexFile.write(timeIndexFile(), IndexFile.TIME_MAGIC, times, coveredBytes);
  }

  CorruptLogException corruption(long position, String reason) {
    return new CorruptLogException(file, position, reason);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Closes and deletes the log file, then its indexes. */
  void delete() throws IOException {
    close();
    Files.deleteIfExists(file);
    Files.deleteIfExists(offsetIndexFile());
    Files.deleteIfExists(timeIndexFile());
  }
}
