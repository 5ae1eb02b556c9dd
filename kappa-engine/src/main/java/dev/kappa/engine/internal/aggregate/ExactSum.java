package dev.kappa.engine.internal.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An exact sum of doubles: the partials of Shewchuk's algorithm (as in Python's {@code math.fsum}),
 * non-overlapping and in increasing magnitude, plus a count of units of 2^1000, whose exact total
 * is the sum of everything added. {@link #value()} rounds that total once, correctly, so the result
 * does not depend on the order of the additions, which plain floating-point addition does.
 * Infinities and NaN are summed apart (their sum is order-independent too).
 *
 * <p>Overflow: multiples of 2^1000 are moved out of the inputs and the partials into the unit
 * count, so every partial stays below 2^1000 and no intermediate sum overflows; a total past the
 * largest double rounds to an infinity. Exact for fewer than 2^39 additions.
 *
 * <p>Serialized: {@code [f64 special][u32 n][f64 partial]*n[i64 units]}. Mutable; not thread-safe.
 */
public final class ExactSum {

  /** 2^1000: partials stay below it in magnitude, and larger parts are counted in these units. */
  private static final double UNIT = Math.scalb(1.0, 1000);

  private double[] partials = new double[4];
  private int size;
  private double special;
  private long units;

  public void add(double x) {
    if (!Double.isFinite(x)) {
      special += x;
      return;
    }
    x = carry(x);
    int kept = 0;
    for (int i = 0; i < size; i++) {
      double y = partials[i];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) {
        partials[kept++] = lo;
      }
      x = hi;
    }
    if (kept == partials.length) {
      partials = Arrays.copyOf(partials, kept * 2);
    }
    partials[kept++] = carry(x);
    size = kept;
  }

  /**
   * Moves the whole multiples of {@link #UNIT} out of {@code x} into {@link #units}; returns the
   * rest, which is exact: it is {@code x} without its high bits.
   */
  private double carry(double x) {
    if (Math.abs(x) < UNIT) {
      return x;
    }
    double k = (double) (long) (x / UNIT);
    units += (long) k;
    return x - k * UNIT;
  }

  public void addAll(ExactSum other) {
    for (int i = 0; i < other.size; i++) {
      add(other.partials[i]);
    }
    special += other.special;
    units += other.units;
  }

  /** The exact sum, correctly rounded (half-even). */
  public double value() {
    if (special != 0.0 || Double.isNaN(special)) {
      return special;
    }
    if (units != 0) {
      // Rare: a total at or near the top of the double range. Round it exactly, the slow way.
      BigDecimal total = new BigDecimal(BigInteger.valueOf(units).shiftLeft(1000));
      for (int i = 0; i < size; i++) {
        total = total.add(new BigDecimal(partials[i]));
      }
      return total.doubleValue();
    }
    int n = size;
    double hi = 0.0;
    double lo = 0.0;
    if (n > 0) {
      hi = partials[--n];
      while (n > 0) {
        double x = hi;
        double y = partials[--n];
        hi = x + y;
        double yr = hi - x;
        lo = y - yr;
        if (lo != 0.0) {
          break;
        }
      }
      // Half-way cases: round-half-even of hi + lo needs the sign of what lies below lo.
      if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
        double y = lo * 2;
        double x = hi + y;
        double yr = x - hi;
        if (y == yr) {
          hi = x;
        }
      }
    }
    return hi;
  }

  public byte[] toBytes() {
    ByteBuffer out =
        ByteBuffer.allocate(Double.BYTES + Integer.BYTES + size * Double.BYTES + Long.BYTES);
    out.putDouble(special).putInt(size);
    for (int i = 0; i < size; i++) {
      out.putDouble(partials[i]);
    }
    return out.putLong(units).array();
  }

  public static ExactSum fromBytes(ByteBuffer in) {
    ExactSum sum = new ExactSum();
    sum.special = in.getDouble();
    int n = in.getInt();
    sum.partials = new double[Math.max(4, n)];
    for (int i = 0; i < n; i++) {
      sum.partials[i] = in.getDouble();
    }
    sum.size = n;
    sum.units = in.getLong();
    return sum;
  }
}
