package dev.kappa.log.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Header;
import dev.kappa.log.Log;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Test helpers that work on a log's files directly: where they are, what frames they hold (parsed
 * here, independently of the production reader), and how to copy, cut and damage them. Also writes
 * seeded batches and reads a partition back for comparison.
 *
 * <p>Layout assumed: {@code DIR/streams/NAME/P/<20-digit base>.log|.index|.timeindex} and {@code
 * DIR/streams/NAME/P/recovery.checkpoint}.
 */
public final class LogFiles {

  /** Size of a batch frame header; see {@code BatchHeader}. */
  public static final int FRAME_HEADER = 52;

  private static final int MAGIC = 0x4B415031;

  private LogFiles() {}

  /**
   * A batch frame as found in a segment file.
   *
   * @param position byte position of the frame
   * @param length frame length, header included
   * @param baseOffset offset of its first record
   * @param recordCount records in it
   */
  public record Frame(long position, int length, long baseOffset, int recordCount) {
    public long end() {
      return position + length;
    }

    public long nextOffset() {
      return baseOffset + recordCount;
    }

    public boolean holds(long offset) {
      return offset >= baseOffset && offset < nextOffset();
    }
  }

  /** The seed for a test: {@code -Dkappa.test.seed} if set, else {@code defaultSeed}. */
  public static long seed(long defaultSeed) {
    return Long.getLong("kappa.test.seed", defaultSeed);
  }

  public static Path partitionDir(Path logDir, String stream, int partition) {
    return logDir.resolve("streams").resolve(stream).resolve(Integer.toString(partition));
  }

  public static Path checkpointFile(Path partitionDir) {
    return partitionDir.resolve("recovery.checkpoint");
  }

  public static void deleteCheckpoint(Path partitionDir) {
    try {
      Files.delete(checkpointFile(partitionDir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code .log} files of a partition, oldest first. */
  public static List<Path> segmentFiles(Path partitionDir) {
    try (Stream<Path> files = Files.list(partitionDir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("\\d{20}\\.log"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path offsetIndexFile(Path segment) {
    return sibling(segment, ".index");
  }

  public static Path timeIndexFile(Path segment) {
    return sibling(segment, ".timeindex");
  }

  private static Path sibling(Path segment, String suffix) {
    String name = segment.getFileName().toString();
    return segment.resolveSibling(name.substring(0, name.length() - ".log".length()) + suffix);
  }

  /** The segment's base offset, from its name. */
  public static long baseOffset(Path segment) {
    return Long.parseLong(segment.getFileName().toString().substring(0, 20));
  }

  /**
   * Parses every frame of a well-formed segment file by reading the length field of each header.
   *
   * @throws IllegalStateException if the file is not a clean run of frames
   */
  public static List<Frame> frames(Path segment) {
    ByteBuffer buf = ByteBuffer.wrap(readAllBytes(segment));
    List<Frame> frames = new ArrayList<>();
    int at = 0;
    while (at < buf.limit()) {
      if (buf.limit() - at < FRAME_HEADER || buf.getInt(at) != MAGIC) {
        throw new IllegalStateException(segment + " has no frame at byte " + at);
      }
      int length = buf.getInt(at + 8);
      if (length < FRAME_HEADER || at + (long) length > buf.limit()) {
        throw new IllegalStateException(segment + ": bad frame length " + length + " at " + at);
      }
      frames.add(new Frame(at, length, buf.getLong(at + 12), buf.getInt(at + 20)));
      at += length;
    }
    return frames;
  }

  /**
   * A position before which reopening a cleanly closed segment does not read its frames: the
   * second-to-last entry of either index file (recovery re-walks only the tail after the last
   * entries, and at most one entry further back). Index format ({@code IndexFile}): entry count at
   * byte 8, 16-byte entries from byte 24 whose last 4 bytes are a frame position.
   */
  public static long indexTailStart(Path segment) {
    return Math.min(
        secondToLastEntry(offsetIndexFile(segment)), secondToLastEntry(timeIndexFile(segment)));
  }

  private static long secondToLastEntry(Path indexFile) {
    ByteBuffer buf = ByteBuffer.wrap(readAllBytes(indexFile));
    int entries = buf.getInt(8);
    return entries < 2 ? 0 : buf.getInt(24 + 16 * (entries - 2) + 12);
  }

  /** The bytes of every segment file of a partition, by path, oldest first. */
  public static Map<Path, byte[]> segmentContents(Path partitionDir) {
    Map<Path, byte[]> contents = new LinkedHashMap<>();
    for (Path segment : segmentFiles(partitionDir)) {
      contents.put(segment, readAllBytes(segment));
    }
    return contents;
  }

  /** Copies a directory tree; {@code to} must not exist. */
  public static void copyDirectory(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] readAllBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cuts {@code file} to {@code size} bytes. */
  public static void truncate(Path file, long size) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void appendBytes(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flips bit {@code bit} (0..7) of the byte at {@code position}. */
  public static void flipBit(Path file, long position, int bit) {
    byte[] bytes = readAllBytes(file);
    bytes[Math.toIntExact(position)] ^= (byte) (1 << bit);
    write(file, bytes);
  }

  public static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A batch of {@code count} records with seeded content: keys (sometimes null), values of {@code
   * minValue..maxValue} bytes, sometimes headers (one with a null value), and event times from
   * {@code eventTimes}.
   */
  public static List<NewRecord> randomBatch(
      Random random, int count, int minValue, int maxValue, EventTimes eventTimes) {
    List<NewRecord> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] key = random.nextInt(4) == 0 ? null : randomBytes(random, 1 + random.nextInt(12));
      byte[] value = randomBytes(random, minValue + random.nextInt(maxValue - minValue + 1));
      List<Header> headers =
          switch (random.nextInt(3)) {
            case 0 -> List.of();
            case 1 -> List.of(new Header("h", randomBytes(random, random.nextInt(8))));
            default ->
                List.of(new Header("trace", utf8("t" + random.nextInt())), new Header("n", null));
          };
      batch.add(new NewRecord(key, value, headers, eventTimes.next(random)));
    }
    return batch;
  }

  /** Produces the event times of generated records. */
  @FunctionalInterface
  public interface EventTimes {
    long next(Random random);

    /** Strictly increasing times from {@code start}. */
    static EventTimes increasing(long start) {
      long[] t = {start};
      return random -> t[0] += 1 + random.nextInt(10);
    }

    /** Mostly increasing times that sometimes jump back by up to {@code maxJumpBack}. */
    static EventTimes wandering(long start, int maxJumpBack) {
      long[] t = {start};
      return random -> {
        if (random.nextInt(12) == 0) {
          t[0] -= random.nextInt(maxJumpBack + 1);
        } else {
          t[0] += random.nextInt(15) - 3;
        }
        return t[0];
      };
    }
  }

  /** The records a completed append stored, as a read should return them. */
  public static List<LogRecord> expected(AppendResult result, List<NewRecord> batch) {
    List<LogRecord> records = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      NewRecord r = batch.get(i);
      long eventTime =
          r.eventTime() == NewRecord.NO_TIMESTAMP ? result.appendTime() : r.eventTime();
      records.add(
          new LogRecord(
              result.partition(),
              result.baseOffset() + i,
              eventTime,
              result.appendTime(),
              r.key(),
              r.value(),
              r.headers()));
    }
    return records;
  }

  /** Appends {@code batch}, waits for it, and adds what was stored to {@code written}. */
  public static AppendResult append(
      Log log, String stream, int partition, List<NewRecord> batch, List<LogRecord> written) {
    AppendResult result = log.append(stream, partition, batch).join();
    written.addAll(expected(result, batch));
    return result;
  }

  /** Reads a partition from its start to its durable end, in reads of about {@code maxBytes}. */
  public static List<LogRecord> readAll(Log log, String stream, int partition, int maxBytes) {
    List<LogRecord> records = new ArrayList<>();
    long offset = log.partition(stream, partition).startOffset();
    long end = log.partition(stream, partition).durableEnd();
    while (offset < end) {
      ReadResult result = log.read(stream, partition, offset, maxBytes);
      if (result.isEmpty()) {
        throw new IllegalStateException("empty read at offset " + offset + " below end " + end);
      }
      records.addAll(result.records());
      offset = result.nextOffset();
    }
    return records;
  }

  /** The first offset whose event time is at least {@code timestamp}, or the end: brute force. */
  public static long firstOffsetAtOrAfter(List<LogRecord> records, long timestamp) {
    for (LogRecord r : records) {
      if (r.eventTime() >= timestamp) {
        return r.offset();
      }
    }
    return records.isEmpty() ? 0 : records.getLast().offset() + 1;
  }

  /** Timestamps worth asking offsetForTime about: every event time, its neighbours, extremes. */
  public static List<Long> probeTimestamps(List<LogRecord> records, Random random, int samples) {
    List<Long> probes = new ArrayList<>();
    probes.add(Long.MIN_VALUE);
    probes.add(Long.MAX_VALUE);
    for (int i = 0; i < samples && !records.isEmpty(); i++) {
      long t = records.get(random.nextInt(records.size())).eventTime();
      probes.add(t - 1);
      probes.add(t);
      probes.add(t + 1);
    }
    long max = records.stream().mapToLong(LogRecord::eventTime).max().orElse(0);
    long min = records.stream().mapToLong(LogRecord::eventTime).min().orElse(0);
    probes.add(max);
    probes.add(max + 1);
    probes.add(min - 1);
    return probes;
  }
}
