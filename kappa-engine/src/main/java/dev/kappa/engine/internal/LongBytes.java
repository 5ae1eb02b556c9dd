package dev.kappa.engine.internal;

/** Longs as eight big-endian bytes, without a ByteBuffer per call. Stateless. */
public final class LongBytes {

  private LongBytes() {}

  public static byte[] of(long v) {
    return new byte[] {
      (byte) (v >>> 56),
      (byte) (v >>> 48),
      (byte) (v >>> 40),
      (byte) (v >>> 32),
      (byte) (v >>> 24),
      (byte) (v >>> 16),
      (byte) (v >>> 8),
      (byte) v
    };
  }

  /** The long of the first eight bytes. */
  public static long read(byte[] bytes) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (bytes[i] & 0xFF);
    }
    return v;
  }
}
