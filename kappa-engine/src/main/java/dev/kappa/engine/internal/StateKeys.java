package dev.kappa.engine.internal;

import java.nio.ByteBuffer;

/**
 * The layout of a view's state store. Keys sort as unsigned bytes; integers are big-endian, and
 * signed ones have their sign bit flipped so that byte order is numeric order.
 *
 * <pre>
 * 0x00 'p' [u16 source][u32 partition]     → [i64 next offset][i64 max event time]   position
 * 0x00 'c'                                 → [i64 processed][i64 late][i64 errors]    counters
 * 0x00 'w'                                 → [i64 largest window end ever committed]
 * 0x01 [u32 key length][key][i64 start]    → accumulator (session windows: a session list)
 * 0x02 [i64 end][entry key]                → (empty)   closed-window retention index
 *                                             (session lists: the end of their first session)
 * 0x03 [u16 source][u32 partition][i64 offset] → [i64 event time][utf-8 reason]       late output
 * 0x04 [u16 source][u32 partition][i64 offset] → [i64 event time][utf-8 reason]       error output
 * </pre>
 *
 * Stateless.
 */
public final class StateKeys {

  public static final byte META = 0x00;
  public static final byte ENTRY = 0x01;
  public static final byte EXPIRY = 0x02;
  public static final byte LATE = 0x03;
  public static final byte ERROR = 0x04;
  public static final byte[] COUNTERS = {META, 'c'};
  public static final byte[] MAX_END = {META, 'w'};

  private StateKeys() {}

  public static byte[] position(int source, int partition) {
    return ByteBuffer.allocate(8)
        .put(META)
        .put((byte) 'p')
        .putShort((short) source)
        .putInt(partition)
        .array();
  }

  public static byte[] entry(byte[] key, long windowStart) {
    return ByteBuffer.allocate(1 + 4 + key.length + 8)
        .put(ENTRY)
        .putInt(key.length)
        .put(key)
        .putLong(windowStart ^ Long.MIN_VALUE)
        .array();
  }

  /** The length of {@link #entry}{@code (key, start)} for a key of {@code keyLength} bytes. */
  static int entryLength(int keyLength) {
    return 1 + 4 + keyLength + 8;
  }

  /**
   * Writes {@link #entry}{@code (key, windowStart)} into {@code out} at {@code at}, which has room
   * for {@link #entryLength} bytes: the same bytes without an array and a buffer per entry.
   */
  static void writeEntry(byte[] out, int at, byte[] key, long windowStart) {
    out[at++] = ENTRY;
    at = writeLong(out, at, key.length, 4);
    System.arraycopy(key, 0, out, at, key.length);
    writeLong(out, at + key.length, windowStart ^ Long.MIN_VALUE, 8);
  }

  /** Writes the low {@code bytes} bytes of {@code v}, big-endian; returns the position after. */
  private static int writeLong(byte[] out, int at, long v, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
      out[at++] = (byte) (v >>> shift);
    }
    return at;
  }

  /** The prefix of every entry of {@code key}. */
  public static byte[] entryPrefix(byte[] key) {
    return ByteBuffer.allocate(1 + 4 + key.length).put(ENTRY).putInt(key.length).put(key).array();
  }

  public static byte[] entryKey(byte[] entry) {
    int length = ByteBuffer.wrap(entry, 1, 4).getInt();
    return java.util.Arrays.copyOfRange(entry, 5, 5 + length);
  }

  public static long entryStart(byte[] entry) {
    return ByteBuffer.wrap(entry, entry.length - 8, 8).getLong() ^ Long.MIN_VALUE;
  }

  public static byte[] expiry(long windowEnd, byte[] entry) {
    return ByteBuffer.allocate(1 + 8 + entry.length)
        .put(EXPIRY)
        .putLong(windowEnd ^ Long.MIN_VALUE)
        .put(entry)
        .array();
  }

  /** The first expiry key past every window ending at or before {@code end}. */
  public static byte[] expiryBound(long end) {
    return ByteBuffer.allocate(1 + 8).put(EXPIRY).putLong((end ^ Long.MIN_VALUE) + 1).array();
  }

  public static byte[] expiryEntry(byte[] expiryKey) {
    return java.util.Arrays.copyOfRange(expiryKey, 9, expiryKey.length);
  }

  public static byte[] sideOutput(byte kind, int source, int partition, long offset) {
    return ByteBuffer.allocate(1 + 2 + 4 + 8)
        .put(kind)
        .putShort((short) source)
        .putInt(partition)
        .putLong(offset)
        .array();
  }

  /** The smallest key greater than every key starting with {@code prefix}, or null if none. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return java.util.Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
