package dev.kappa.engine.internal.aggregate;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An exact sum of doubles: the partials of Shewchuk's algorithm (as in Python's {@code math.fsum}),
 * non-overlapping and in increasing magnitude, whose exact total is the sum of everything added.
 * {@link #value()} rounds that total once, correctly, so the result does not depend on the order of
 * the additions, which plain floating-point addition does. Infinities and NaN are summed apart
 * (their sum is order-independent too).
 *
 * <p>Serialized: {@code [f64 special][u32 n][f64 partial]*n}. Mutable; not thread-safe.
 */
public final class ExactSum {

  private double[] partials = new double[4];
  private int size;
  private double special;

  public void add(double x) {
    if (!Double.isFinite(x)) {
      special += x;
      return;
    }
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
    partials[kept++] = x;
    size = kept;
  }

  public void addAll(ExactSum other) {
    for (int i = 0; i < other.size; i++) {
      add(other.partials[i]);
    }
    special += other.special;
  }

  /** The exact sum, correctly rounded (half-even). */
  public double value() {
    if (special != 0.0 || Double.isNaN(special)) {
      return special;
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
    ByteBuffer out = ByteBuffer.allocate(Double.BYTES + Integer.BYTES + size * Double.BYTES);
    out.putDouble(special).putInt(size);
    for (int i = 0; i < size; i++) {
      out.putDouble(partials[i]);
    }
    return out.array();
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
    return sum;
  }
}
