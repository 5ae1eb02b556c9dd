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
 * <p>Serialized canonically, so equal totals have equal bytes however they were added up (a view's
 * state after a replay is byte for byte the state built live): {@code [f64 special][u32 n][f64
 * component]*n[i64 units]}, where the components are the greedy rounding of the total below the
 * units: the first (written last) is that total correctly rounded, each next one the rest correctly
 * rounded, until nothing is left; written in increasing magnitude, they are non-overlapping
 * partials again. Mutable; not thread-safe.
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
    double[] components = new double[size + 1];
    long[] unitsOut = {units};
    int n = canonical(components, unitsOut);
    if (n < 0) {
      components = new double[45];
      n = canonicalSlow(components, unitsOut);
    }
    ByteBuffer out =
        ByteBuffer.allocate(Double.BYTES + Integer.BYTES + n * Double.BYTES + Long.BYTES);
    // NaN payloads depend on the order of operations: one canonical NaN.
    out.putDouble(Double.isNaN(special) ? Double.NaN : special).putInt(n);
    for (int i = n - 1; i >= 0; i--) {
      out.putDouble(components[i]);
    }
    return out.putLong(unitsOut[0]).array();
  }

  /**
   * The greedy rounding of the partials' total into {@code out}, largest first, with doubles only:
   * each step subtracts the correctly rounded rest exactly. Returns the count, or -1 if the units
   * or a total at or past {@link #UNIT} need the exact slow path.
   */
  private int canonical(double[] out, long[] unitsOut) {
    if (units != 0) {
      return -1;
    }
    ExactSum rest = new ExactSum();
    rest.partials = Arrays.copyOf(partials, Math.max(4, size));
    rest.size = size;
    int n = 0;
    while (rest.size > 0) {
      double hi = rest.value();
      if (hi == 0.0) {
        break; // a nonzero total of doubles never rounds to zero
      }
      if (Math.abs(hi) >= UNIT || n == out.length) {
        return -1;
      }
      out[n++] = hi;
      rest.add(-hi);
      if (rest.size == 1 && rest.partials[0] == 0.0) {
        break;
      }
    }
    unitsOut[0] = 0;
    return n;
  }

  /** {@link #canonical} exactly, with big numbers, moving whole units of the total to the units. */
  private int canonicalSlow(double[] out, long[] unitsOut) {
    BigDecimal unit = new BigDecimal(BigInteger.ONE.shiftLeft(1000));
    BigDecimal total = new BigDecimal(BigInteger.valueOf(units).shiftLeft(1000));
    for (int i = 0; i < size; i++) {
      total = total.add(new BigDecimal(partials[i]));
    }
    BigInteger whole = total.divide(unit, 0, java.math.RoundingMode.DOWN).toBigIntegerExact();
    unitsOut[0] = whole.longValueExact();
    BigDecimal rest = total.subtract(new BigDecimal(whole).multiply(unit));
    int n = 0;
    while (rest.signum() != 0) {
      double hi = rest.doubleValue();
      out[n++] = hi;
      rest = rest.subtract(new BigDecimal(hi));
    }
    return n;
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
