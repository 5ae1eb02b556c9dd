package dev.kappa.log.internal;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints and their zig-zag signed forms, as used inside records.
 *
 * <p>Readers throw {@link IllegalStateException} on a varint longer than its type allows; callers
 * inside a CRC-checked batch treat that as corruption.
 */
final class Varints {

  private Varints() {}

  static int sizeOfUnsigned(int value) {
    // Bits needed, rounded up to groups of seven; zero still takes one byte.
    int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  static int sizeOfUnsigned(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  static int sizeOfSigned(int value) {
    return sizeOfUnsigned((value << 1) ^ (value >> 31));
  }

  static int sizeOfSigned(long value) {
    return sizeOfUnsigned((value << 1) ^ (value >> 63));
  }

  static void writeUnsigned(ByteBuffer out, int value) {
    while ((value & ~0x7F) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  static void writeUnsigned(ByteBuffer out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  static void writeSigned(ByteBuffer out, int value) {
    writeUnsigned(out, (value << 1) ^ (value >> 31));
  }

  static void writeSigned(ByteBuffer out, long value) {
    writeUnsigned(out, (value << 1) ^ (value >> 63));
  }

  static int readUnsignedInt(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalStateException("varint longer than 5 bytes");
  }

  static long readUnsignedLong(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalStateException("varlong longer than 10 bytes");
  }

  static int readSignedInt(ByteBuffer in) {
    int raw = readUnsignedInt(in);
    return (raw >>> 1) ^ -(raw & 1);
  }

  static long readSignedLong(ByteBuffer in) {
    long raw = readUnsignedLong(in);
    return (raw >>> 1) ^ -(raw & 1);
  }
}
