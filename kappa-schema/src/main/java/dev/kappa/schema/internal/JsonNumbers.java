package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Whole-number and floating-point checks on JSON numbers, without exceptions.
 *
 * <p>A JSON number is whole if its value has no fractional part, however it is written: {@code 5},
 * {@code 5.0} and {@code 5e0} are all the whole number 5, and {@code 1.5} is not whole. Values are
 * compared exactly, never through a rounding step, so {@code 9223372036854775808} (2^63) does not
 * fit a {@code long} even though it rounds to one as a double.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonNumbers {

  /** 2^63 as a double, exactly: the first double above every {@code long}. */
  private static final double TWO_TO_63 = 0x1p63;

  /** Whole numbers with more digits than this cannot be a {@code long}. */
  private static final int MAX_LONG_DIGITS = 19;

  private JsonNumbers() {}

  /**
   * Whether {@code node} is a JSON number with a whole value in {@code [min, max]}; if so, {@link
   * JsonNode#longValue()} returns that value exactly.
   */
  static boolean isWhole(JsonNode node, long min, long max) {
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()) {
        return false;
      }
      long value = node.longValue();
      return value >= min && value <= max;
    }
    if (node.isDouble() || node.isFloat()) {
      double value = node.doubleValue();
      if (value != Math.rint(value) || value >= TWO_TO_63 || value < -TWO_TO_63) {
        return false; // also false for NaN and the infinities
      }
      long whole = (long) value;
      return whole >= min && whole <= max;
    }
    if (node.isBigDecimal()) {
      return isWhole(node.decimalValue(), min, max);
    }
    return false;
  }

  private static boolean isWhole(BigDecimal value, long min, long max) {
    if (value.signum() == 0) {
      return 0 >= min && 0 <= max;
    }
    if (value.precision() - value.scale() > MAX_LONG_DIGITS) {
      return false; // checked first so that 1e999999999 is never expanded
    }
    if (value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
      return false;
    }
    return value.compareTo(BigDecimal.valueOf(min)) >= 0
        && value.compareTo(BigDecimal.valueOf(max)) <= 0;
  }

  /**
   * {@code node} as a finite double, or NaN if it is not a number or its magnitude is too large for
   * a double. Callers that accept NaN itself take it from a string, never from here.
   */
  static double finiteDouble(JsonNode node) {
    if (!node.isNumber()) {
      return Double.NaN;
    }
    double value = node.doubleValue();
    return Double.isInfinite(value) ? Double.NaN : value;
  }

  /**
   * The special floating-point value a JSON string names ({@code "NaN"}, {@code "Infinity"} or
   * {@code "-Infinity"}, as Jackson writes them), or null if it names none.
   */
  static Double special(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }
}
