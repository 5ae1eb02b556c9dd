package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Converts JSON values to Avro logical types, stored as their underlying Avro values (the form
 * {@link GenericData} without conversions reads and writes):
 *
 * <ul>
 *   <li>{@code timestamp-*} and {@code local-timestamp-*}: a {@code long} count since the epoch,
 *       from a whole JSON number (taken as is) or an ISO-8601 string (an instant with {@code Z} or
 *       an offset; for local timestamps a date-time without one). Digits finer than the unit are
 *       cut toward the past.
 *   <li>{@code date}: an {@code int} day count, from a whole number or an ISO-8601 date.
 *   <li>{@code time-millis}/{@code time-micros}: an {@code int}/{@code long} count after midnight,
 *       from a number in the day or an ISO-8601 local time.
 *   <li>{@code decimal}: the two's-complement unscaled value, in a {@link ByteBuffer} or a {@link
 *       GenericData.Fixed} sign-extended to its size, from a number or a numeric string. The value
 *       must be exact at the schema's scale (1.50 fits scale 2, 1.505 does not) and have at most
 *       the schema's precision in digits.
 *   <li>{@code big-decimal}: Avro's encoding of unscaled value and scale, from the same forms.
 *   <li>{@code uuid}: a lower-case string, or 16 big-endian bytes on {@code fixed}, from a string
 *       of the form {@code 8-4-4-4-12} hex digits.
 * </ul>
 *
 * <p>Other logical types (such as {@code duration}) are left to their underlying type. Stateless
 * and thread-safe.
 */
final class LogicalValues {

  /** Returned by {@link #convert} for a logical type it leaves to the underlying type. */
  static final Object NOT_HANDLED = new Object();

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** Significant digits a double always keeps through decimal text and back (DBL_DIG). */
  static final int DOUBLE_DIGITS = 15;

  /** Significant digits a float always keeps through decimal text and back (FLT_DIG). */
  static final int FLOAT_DIGITS = 6;

  /** Longest numeric string read, as Jackson's default limit on the length of a number. */
  static final int MAX_NUMBER_LENGTH = 1000;

  private static final Conversions.BigDecimalConversion BIG_DECIMAL =
      new Conversions.BigDecimalConversion();

  private LogicalValues() {}

  /**
   * {@code node} as the underlying value of {@code schema}'s logical type, or {@link #NOT_HANDLED}.
   *
   * @throws Mismatch if the value does not fit
   */
  static Object convert(JsonNode node, Schema schema, LogicalType logical) {
    return switch (logical.getName()) {
      case "timestamp-millis" -> epoch(node, schema, 1_000L, false);
      case "timestamp-micros" -> epoch(node, schema, 1_000_000L, false);
      case "timestamp-nanos" -> epoch(node, schema, 1_000_000_000L, false);
      case "local-timestamp-millis" -> epoch(node, schema, 1_000L, true);
      case "local-timestamp-micros" -> epoch(node, schema, 1_000_000L, true);
      case "local-timestamp-nanos" -> epoch(node, schema, 1_000_000_000L, true);
      case "date" -> date(node, schema);
      case "time-millis" -> (int) timeOfDay(node, schema, 1_000L);
      case "time-micros" -> timeOfDay(node, schema, 1_000_000L);
      case "decimal" -> decimal(node, schema, (LogicalTypes.Decimal) logical);
      case "big-decimal" -> BIG_DECIMAL.toBytes(number(node, schema), schema, logical);
      case "uuid" -> uuid(node, schema);
      default -> NOT_HANDLED;
    };
  }

  private static long epoch(JsonNode node, Schema schema, long perSecond, boolean local) {
    if (JsonNumbers.isWhole(node, Long.MIN_VALUE, Long.MAX_VALUE)) {
      return node.longValue();
    }
    if (node.isTextual()) {
      String text = node.textValue();
      Instant instant = local ? IsoTimes.localDateTime(text) : IsoTimes.instant(text);
      if (instant != null) {
        try {
          return count(instant, perSecond);
        } catch (ArithmeticException tooFar) {
          throw Mismatch.of(schema, node);
        }
      }
    }
    throw Mismatch.of(schema, node);
  }

  /**
   * {@code instant} in units of {@code 1/perSecond} seconds, cut toward the past.
   *
   * @throws ArithmeticException if that overflows a long
   */
  private static long count(Instant instant, long perSecond) {
    long seconds = instant.getEpochSecond();
    long fraction = instant.getNano() / (1_000_000_000L / perSecond);
    if (seconds < 0 && fraction > 0) {
      // (seconds + 1) * perSecond stays in range down to Long.MIN_VALUE's own second
      return Math.addExact(Math.multiplyExact(seconds + 1, perSecond), fraction - perSecond);
    }
    return Math.addExact(Math.multiplyExact(seconds, perSecond), fraction);
  }

  private static int date(JsonNode node, Schema schema) {
    if (JsonNumbers.isWhole(node, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
      return node.intValue();
    }
    if (node.isTextual()) {
      LocalDate date = IsoTimes.date(node.textValue());
      if (date != null) {
        long day = date.toEpochDay();
        if (day >= Integer.MIN_VALUE && day <= Integer.MAX_VALUE) {
          return (int) day;
        }
      }
    }
    throw Mismatch.of(schema, node);
  }

  private static long timeOfDay(JsonNode node, Schema schema, long perSecond) {
    long perDay = MILLIS_PER_DAY * (perSecond / 1_000L);
    if (JsonNumbers.isWhole(node, 0, perDay - 1)) {
      return node.longValue();
    }
    if (node.isTextual()) {
      LocalTime time = IsoTimes.time(node.textValue());
      if (time != null) {
        return time.toNanoOfDay() / (1_000_000_000L / perSecond);
      }
    }
    throw Mismatch.of(schema, node);
  }

  private static Object decimal(JsonNode node, Schema schema, LogicalTypes.Decimal type) {
    BigDecimal value = rescale(number(node, schema), type.getPrecision(), type.getScale());
    if (value == null) {
      throw Mismatch.of(schema, node);
    }
    byte[] unscaled = value.unscaledValue().toByteArray();
    if (schema.getType() == Schema.Type.BYTES) {
      return ByteBuffer.wrap(unscaled);
    }
    int size = schema.getFixedSize();
    if (unscaled.length > size) {
      throw Mismatch.of(schema, node);
    }
    byte[] fixed = new byte[size];
    byte fill = value.signum() < 0 ? (byte) 0xFF : 0;
    int pad = size - unscaled.length;
    for (int i = 0; i < pad; i++) {
      fixed[i] = fill;
    }
    System.arraycopy(unscaled, 0, fixed, pad, unscaled.length);
    return new GenericData.Fixed(schema, fixed);
  }

  /**
   * {@code value} at exactly {@code scale}, or null if that would lose digits or if it has more
   * than {@code precision} digits. Never expands a huge exponent such as {@code 1e999999999}.
   */
  static BigDecimal rescale(BigDecimal value, int precision, int scale) {
    if (value.signum() == 0) {
      return BigDecimal.ZERO.setScale(scale);
    }
    if ((long) value.precision() - value.scale() > precision - scale) {
      return null; // too many digits before the point
    }
    BigDecimal exact = value;
    if (exact.scale() > scale) {
      exact = exact.stripTrailingZeros();
      if (exact.scale() > scale) {
        return null; // digits after the point would be lost
      }
    }
    exact = exact.setScale(scale);
    return exact.precision() <= precision ? exact : null;
  }

  /**
   * A JSON number, or a string holding one, as a BigDecimal.
   *
   * <p>A number the JSON parser read as a binary double is taken only if it has at most {@value
   * #DOUBLE_DIGITS} significant digits, the most a double keeps for sure: with more, the digits
   * that were sent may already be lost (a parser without {@code USE_BIG_DECIMAL_FOR_FLOATS} reads
   * {@code 123456789012345678.91} as {@code 1.2345678901234568E17}), and a decimal must not be
   * guessed. Numeric strings longer than {@value #MAX_NUMBER_LENGTH} characters are refused unread,
   * as Jackson refuses such numbers, since parsing them costs quadratic time.
   */
  private static BigDecimal number(JsonNode node, Schema schema) {
    if (node.isDouble() || node.isFloat()) {
      double value = node.doubleValue();
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw Mismatch.of(schema, node);
      }
      BigDecimal decimal =
          node.isFloat()
              ? new BigDecimal(Float.toString(node.floatValue()))
              : BigDecimal.valueOf(value);
      if (decimal.precision() > (node.isFloat() ? FLOAT_DIGITS : DOUBLE_DIGITS)) {
        throw new Mismatch(
            JsonDescriptions.expected(schema),
            JsonDescriptions.found(node)
                + " (read as a binary floating-point number, so digits may have been lost;"
                + " send it as a string)");
      }
      return decimal;
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual() && node.textValue().length() <= MAX_NUMBER_LENGTH) {
      try {
        return new BigDecimal(node.textValue());
      } catch (NumberFormatException notANumber) {
        throw Mismatch.of(schema, node);
      }
    }
    throw Mismatch.of(schema, node);
  }

  private static Object uuid(JsonNode node, Schema schema) {
    if (!node.isTextual() || !isUuid(node.textValue())) {
      throw Mismatch.of(schema, node);
    }
    String text = node.textValue();
    if (schema.getType() == Schema.Type.FIXED) {
      byte[] bytes = new byte[16];
      int nibble = 0;
      for (int i = 0; i < 36; i++) {
        if (text.charAt(i) != '-') {
          int digit = Character.digit(text.charAt(i), 16);
          bytes[nibble / 2] |= (byte) (nibble % 2 == 0 ? digit << 4 : digit);
          nibble++;
        }
      }
      return new GenericData.Fixed(schema, bytes);
    }
    return hasUpperCase(text) ? text.toLowerCase(Locale.ROOT) : text;
  }

  /** Exactly 8-4-4-4-12 hex digits; stricter than UUID.fromString, which accepts short groups. */
  static boolean isUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }

  private static boolean hasUpperCase(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'F') {
        return true;
      }
    }
    return false;
  }
}
