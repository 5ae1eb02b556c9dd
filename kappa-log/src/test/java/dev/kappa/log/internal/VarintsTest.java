package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.SeedExtension;
import dev.kappa.log.SeedExtension.Seed;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Varints} against a reference LEB128 encoder written here with {@link BigInteger}, so that
 * it shares no bit tricks with the code under test.
 */
@ExtendWith(SeedExtension.class)
class VarintsTest {

  private static final BigInteger TWO_TO_32 = BigInteger.ONE.shiftLeft(32);
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger ONE_BYTE_GROUP = BigInteger.valueOf(128);

  /** Unsigned LEB128 of a non-negative number: 7 bits a byte, low first, high bit = more. */
  private static byte[] referenceUnsigned(BigInteger value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    do {
      BigInteger[] divided = value.divideAndRemainder(ONE_BYTE_GROUP);
      int low = divided[1].intValue();
      value = divided[0];
      out.write(value.signum() == 0 ? low : low | 0x80);
    } while (value.signum() != 0);
    return out.toByteArray();
  }

  /** The value as an unsigned number of {@code bits} bits. */
  private static BigInteger unsigned(long value, BigInteger modulus) {
    BigInteger v = BigInteger.valueOf(value);
    return v.signum() < 0 ? v.add(modulus) : v;
  }

  /** Zig-zag: 0, -1, 1, -2, 2 ... map to 0, 1, 2, 3, 4 ... */
  private static BigInteger zigZag(long value) {
    BigInteger v = BigInteger.valueOf(value);
    return v.signum() >= 0 ? v.shiftLeft(1) : v.negate().shiftLeft(1).subtract(BigInteger.ONE);
  }

  private static List<Long> samples(Random random, boolean ints) {
    List<Long> values = new ArrayList<>();
    for (int bit = 0; bit < (ints ? 32 : 64); bit++) {
      long power = 1L << bit;
      for (long v : new long[] {power, power - 1, power + 1, -power, -power - 1, -power + 1}) {
        values.add(ints ? (long) (int) v : v);
      }
    }
    long[] extremes = {
      0,
      1,
      -1,
      63,
      64,
      -64,
      -65,
      127,
      128,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      Long.MIN_VALUE + 1
    };
    for (long v : extremes) {
      values.add(ints ? (long) (int) v : v);
    }
    for (int i = 0; i < 5_000; i++) {
      long v = random.nextLong() >> random.nextInt(64);
      values.add(ints ? (long) (int) v : v);
    }
    return values;
  }

  @Test
  void ints_roundTripAndMatchReferenceEncoding(Seed seed) {
    for (long sample : samples(new Random(seed.value()), true)) {
      int value = (int) sample;
      byte[] expectedUnsigned = referenceUnsigned(unsigned(value, TWO_TO_32));
      ByteBuffer buf = ByteBuffer.allocate(16);
      Varints.writeUnsigned(buf, value);
      assertThat(written(buf)).as("unsigned %d", value).isEqualTo(expectedUnsigned);
      assertThat(Varints.sizeOfUnsigned(value)).isEqualTo(expectedUnsigned.length);
      assertThat(Varints.readUnsignedInt(buf.flip())).isEqualTo(value);
      assertThat(buf.hasRemaining()).isFalse();

      byte[] expectedSigned = referenceUnsigned(zigZag(value));
      buf.clear();
      Varints.writeSigned(buf, value);
      assertThat(written(buf)).as("signed %d", value).isEqualTo(expectedSigned);
      assertThat(Varints.sizeOfSigned(value)).isEqualTo(expectedSigned.length);
      assertThat(Varints.readSignedInt(buf.flip())).isEqualTo(value);
      assertThat(buf.hasRemaining()).isFalse();
    }
  }

  @Test
  void longs_roundTripAndMatchReferenceEncoding(Seed seed) {
    for (long value : samples(new Random(seed.value()), false)) {
      byte[] expectedUnsigned = referenceUnsigned(unsigned(value, TWO_TO_64));
      ByteBuffer buf = ByteBuffer.allocate(16);
      Varints.writeUnsigned(buf, value);
      assertThat(written(buf)).as("unsigned %d", value).isEqualTo(expectedUnsigned);
      assertThat(Varints.sizeOfUnsigned(value)).isEqualTo(expectedUnsigned.length);
      assertThat(Varints.readUnsignedLong(buf.flip())).isEqualTo(value);
      assertThat(buf.hasRemaining()).isFalse();

      byte[] expectedSigned = referenceUnsigned(zigZag(value));
      buf.clear();
      Varints.writeSigned(buf, value);
      assertThat(written(buf)).as("signed %d", value).isEqualTo(expectedSigned);
      assertThat(Varints.sizeOfSigned(value)).isEqualTo(expectedSigned.length);
      assertThat(Varints.readSignedLong(buf.flip())).isEqualTo(value);
      assertThat(buf.hasRemaining()).isFalse();
    }
  }

  @Test
  void sizes_ofExtremes_areOneToFiveOrTenBytes() {
    assertThat(Varints.sizeOfUnsigned(0)).isEqualTo(1);
    assertThat(Varints.sizeOfUnsigned(-1)).isEqualTo(5);
    assertThat(Varints.sizeOfUnsigned(0L)).isEqualTo(1);
    assertThat(Varints.sizeOfUnsigned(-1L)).isEqualTo(10);
    assertThat(Varints.sizeOfSigned(Integer.MIN_VALUE)).isEqualTo(5);
    assertThat(Varints.sizeOfSigned(Long.MIN_VALUE)).isEqualTo(10);
    assertThat(Varints.sizeOfSigned(-1)).isEqualTo(1);
  }

  @Test
  void read_ofOverlongVarint_throwsIllegalState() {
    byte[] six = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
    assertThatThrownBy(() -> Varints.readUnsignedInt(ByteBuffer.wrap(six)))
        .isInstanceOf(IllegalStateException.class);
    byte[] eleven = new byte[11];
    Arrays.fill(eleven, (byte) 0x80);
    eleven[10] = 1;
    assertThatThrownBy(() -> Varints.readUnsignedLong(ByteBuffer.wrap(eleven)))
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] written(ByteBuffer buf) {
    byte[] bytes = new byte[buf.position()];
    buf.duplicate().flip().get(bytes);
    return bytes;
  }
}
