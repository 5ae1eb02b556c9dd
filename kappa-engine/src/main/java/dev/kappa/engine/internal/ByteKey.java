package dev.kappa.engine.internal;

import java.util.Arrays;

/**
 * A byte array compared by content, unsigned lexicographically (RocksDB's default order), with its
 * hash computed once. The array must not change after construction.
 */
public final class ByteKey implements Comparable<ByteKey> {

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  private final int hash;

  public ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = hash(bytes);
  }

  /**
   * A well-mixed hash: {@link Arrays#hashCode(byte[])} is a polynomial whose values cluster for
   * keys that differ only in a few trailing bytes (a window start, a numeric key), which piles
   * state keys into few hash-map bins.
   */
  static int hash(byte[] bytes) {
    long h = 0x9E3779B97F4A7C15L ^ bytes.length;
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      h = mix(h ^ (long) LONGS.get(bytes, i));
    }
    long tail = 0;
    for (int shift = 0; i < bytes.length; i++, shift += 8) {
      tail |= (bytes[i] & 0xFFL) << shift;
    }
    h = mix(h ^ tail);
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long k) {
    k *= 0xC2B2AE3D27D4EB4FL;
    k ^= k >>> 31;
    k *= 0x9E3779B97F4A7C15L;
    return k ^ (k >>> 29);
  }

  public byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(ByteKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
