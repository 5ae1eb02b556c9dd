package dev.kappa.engine;

import dev.kappa.log.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One generated record of the test stream {@value #STREAM}: where it sits in the log, its event
 * time and its payload (or raw bytes that are not a payload). Immutable.
 */
record Input(int partition, long offset, long time, Payload payload, byte[] raw) {

  static final String STREAM = "events";

  LogRecord toRecord() {
    byte[] value = raw != null ? raw : payload.encode();
    return new LogRecord(partition, offset, time, time, null, value, List.of());
  }

  /**
   * Random inputs for {@code partitions} partitions of {@code perPartition} records each. Event
   * times mostly move forward, but a {@code backFraction} of records jump up to {@code backMs}
   * behind the partition's latest time, so some are late. Keys ({@code k0..k4}) and items are
   * shared across partitions; doubles span many magnitudes, so plain floating-point sums of them
   * depend on the order of addition. Times are multiples of {@code quantumMs}, so that with a
   * coarse quantum events often fall exactly on window edges and watermarks.
   */
  static List<List<Input>> generate(
      Random random,
      int partitions,
      int perPartition,
      double backFraction,
      long backMs,
      long quantumMs) {
    List<List<Input>> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Input> inputs = new ArrayList<>();
      long cursor = 1_000_000 + random.nextInt(3_000);
      for (int offset = 0; offset < perPartition; offset++) {
        cursor += random.nextInt(120);
        long time =
            random.nextDouble() < backFraction
                ? cursor - random.nextLong(backMs + 1)
                : cursor + random.nextInt(60);
        time = Math.floorDiv(time, quantumMs) * quantumMs;
        inputs.add(new Input(p, offset, time, payload(random), null));
      }
      all.add(inputs);
    }
    return all;
  }

  static Payload payload(Random random) {
    double real = Math.scalb(random.nextDouble() - 0.5, random.nextInt(80) - 20);
    return new Payload(
        "k" + random.nextInt(5), random.nextInt(2001) - 1000, real, "i" + random.nextInt(40));
  }
}
