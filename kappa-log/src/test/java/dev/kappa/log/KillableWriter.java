package dev.kappa.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * The writer process that {@link KillRecoveryTest} kills with SIGKILL. It opens the log in a
 * directory, creates stream {@value #STREAM} ({@value #PARTITIONS} partitions) if missing, and
 * appends forever: batches of a random size to a random partition, with up to {@value #IN_FLIGHT}
 * appends in flight. After each append completes it prints {@code acked <partition> <lastOffset>}
 * and flushes, so everything printed was durable before the kill.
 *
 * <p>Every value is self-checking: {@code round:partition:seq:padding:crc}, where {@code seq}
 * counts the records of one partition from 0 in each round, in write order, and {@code crc} is the
 * CRC-32 (hex) of everything before it. Keys are {@code k<seq>}.
 *
 * <p>Usage: {@code KillableWriter DIR ROUND SEED}.
 */
public final class KillableWriter {

  static final String STREAM = "kill";
  static final int PARTITIONS = 2;
  static final int IN_FLIGHT = 8;

  private KillableWriter() {}

  /** The writer's options; small segments so that rolls happen during a round. */
  static LogOptions options(Path directory) {
    return LogOptions.builder(directory)
        .segmentBytes(64 << 10)
        .indexIntervalBytes(1024)
        .checkpointInterval(Duration.ofMillis(50))
        .build();
  }

  /** A value's fields, after its CRC was checked. */
  record Value(int round, int partition, long seq) {}

  static String value(int round, int partition, long seq, String padding) {
    String body = round + ":" + partition + ":" + seq + ":" + padding;
    return body + ":" + crc(body);
  }

  /**
   * Parses and checks a value.
   *
   * @throws IllegalArgumentException if it is malformed or its CRC does not match
   */
  static Value parse(String value) {
    int cut = value.lastIndexOf(':');
    if (cut < 0 || !value.substring(cut + 1).equals(crc(value.substring(0, cut)))) {
      throw new IllegalArgumentException("bad value: " + value);
    }
    String[] fields = value.substring(0, cut).split(":", -1);
    if (fields.length != 4) {
      throw new IllegalArgumentException("bad value: " + value);
    }
    return new Value(
        Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
  }

  private static String crc(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    int round = Integer.parseInt(args[1]);
    Random random = new Random(Long.parseLong(args[2]));
    PrintStream out = System.out;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    long[] seq = new long[PARTITIONS];
    Log log = EmbeddedLog.open(options(directory));
    if (!log.hasStream(STREAM)) {
      log.createStream(StreamConfig.of(STREAM, PARTITIONS));
    }
    while (failure.get() == null) {
      int partition = random.nextInt(PARTITIONS);
      int count = 1 + random.nextInt(20);
      List<NewRecord> batch = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long s = seq[partition]++;
        String padding = "x".repeat(random.nextInt(100));
        batch.add(
            new NewRecord(
                ("k" + s).getBytes(StandardCharsets.UTF_8),
                value(round, partition, s, padding).getBytes(StandardCharsets.UTF_8),
                List.of(),
                NewRecord.NO_TIMESTAMP));
      }
      inFlight.acquire();
      log.append(STREAM, partition, batch)
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                } else {
                  synchronized (out) {
                    out.println("acked " + result.partition() + " " + result.lastOffset());
                    out.flush();
                  }
                }
                inFlight.release();
              });
    }
    throw new IllegalStateException("an append failed", failure.get());
  }
}
