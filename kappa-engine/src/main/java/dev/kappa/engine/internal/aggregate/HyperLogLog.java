package dev.kappa.engine.internal.aggregate;

import java.util.Arrays;

/**
 * A HyperLogLog sketch (Flajolet et al., with the usual small-range correction) over 64-bit hashes:
 * {@code 2^precision} registers, each the maximum rank seen. Adding and merging take maxima, so the
 * sketch, and its estimate, do not depend on the order of inputs. The standard error is about
 * {@code 1.04 / sqrt(2^precision)}: 1.6% at the default precision 12.
 *
 * <p>Serialized: {@code [u8 precision][u8 register]*2^precision}. Mutable; not thread-safe.
 */
public final class HyperLogLog {

  public static final int DEFAULT_PRECISION = 12;

  private final int precision;
  private final byte[] registers;

  public HyperLogLog(int precision) {
    if (precision < 4 || precision > 16) {
      throw new IllegalArgumentException("precision must be 4..16, was " + precision);
    }
    this.precision = precision;
    this.registers = new byte[1 << precision];
  }

  private HyperLogLog(byte[] serialized) {
    this.precision = serialized[0];
    this.registers = Arrays.copyOfRange(serialized, 1, serialized.length);
  }

  public void addHash(long hash) {
    int index = (int) (hash >>> (64 - precision));
    long rest = hash << precision;
    int rank = rest == 0 ? 64 - precision + 1 : Long.numberOfLeadingZeros(rest) + 1;
    if (rank > registers[index]) {
      registers[index] = (byte) rank;
    }
  }

  public void merge(HyperLogLog other) {
    if (other.precision != precision) {
      throw new IllegalArgumentException("cannot merge sketches of different precision");
    }
    for (int i = 0; i < registers.length; i++) {
      registers[i] = (byte) Math.max(registers[i], other.registers[i]);
    }
  }

  public long estimate() {
    int m = registers.length;
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += Math.scalb(1.0, -r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha =
        switch (m) {
          case 16 -> 0.673;
          case 32 -> 0.697;
          case 64 -> 0.709;
          default -> 0.7213 / (1 + 1.079 / m);
        };
    double raw = alpha * m * (double) m / sum;
    if (raw <= 2.5 * m && zeros > 0) {
      return Math.round(m * Math.log((double) m / zeros));
    }
    return Math.round(raw);
  }

  public byte[] toBytes() {
    byte[] out = new byte[registers.length + 1];
    out[0] = (byte) precision;
    System.arraycopy(registers, 0, out, 1, registers.length);
    return out;
  }

  public static HyperLogLog fromBytes(byte[] bytes) {
    return new HyperLogLog(bytes);
  }

  /** A 64-bit hash of bytes (MurmurHash3's 64-bit finalizer over 8-byte words), seed-free. */
  public static long hash(byte[] bytes) {
    long h = 0x9E3779B97F4A7C15L ^ bytes.length;
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      long word = 0;
      for (int b = 0; b < 8; b++) {
        word |= (bytes[i + b] & 0xFFL) << (8 * b);
      }
      h = mix(h ^ word) * 0xC2B2AE3D27D4EB4FL;
    }
    long tail = 0;
    for (int b = 0; i + b < bytes.length; b++) {
      tail |= (bytes[i + b] & 0xFFL) << (8 * b);
    }
    return mix(h ^ tail ^ 0x165667B19E3779F9L);
  }

  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }
}
