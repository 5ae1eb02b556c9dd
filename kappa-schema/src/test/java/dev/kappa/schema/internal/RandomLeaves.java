package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Seeded random scalar values of a schema: an input in one of the JSON forms the converter should
 * accept, and the canonical JSON it should read back as. Times are formatted here by hand from
 * {@code java.time}'s calendar fields, not by the formatters the code under test uses.
 */
final class RandomLeaves {

  /** An input JSON value and the JSON expected back for it. */
  record Value(JsonNode input, JsonNode expected) {}

  private static final long MIN_MILLIS = -62_135_596_800_000L; // 0001-01-01T00:00:00Z
  private static final long MAX_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z
  private static final int MIN_DAY = -719_162; // 0001-01-01
  private static final int MAX_DAY = 2_932_896; // 9999-12-31
  private static final String[] CHARS = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "ü", "€", "😀"};

  private final Random random;

  RandomLeaves(Random random) {
    this.random = random;
  }

  /**
   * A value of {@code schema}; {@code inUnion} keeps to forms with one reading in a general union
   * (no {@code "NaN"} for a double, no string that names one).
   */
  Value value(Schema schema, boolean inUnion) {
    if (schema.getLogicalType() != null) {
      return logical(schema, schema.getLogicalType().getName());
    }
    return switch (schema.getType()) {
      case NULL -> same(NullNode.getInstance());
      case BOOLEAN -> same(BooleanNode.valueOf(random.nextBoolean()));
      case INT -> whole(pick(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, random.nextInt()), true);
      case LONG -> whole(pick(0, 1, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong()), false);
      case FLOAT -> floating(true, inUnion);
      case DOUBLE -> floating(false, inUnion);
      case STRING -> same(TextNode.valueOf(string()));
      case BYTES -> same(TextNode.valueOf(base64(random.nextInt(9))));
      case FIXED -> same(TextNode.valueOf(base64(schema.getFixedSize())));
      case ENUM ->
          same(
              TextNode.valueOf(
                  schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size()))));
      default -> throw new IllegalArgumentException("not a leaf: " + schema);
    };
  }

  private Value logical(Schema schema, String name) {
    return switch (name) {
      case "timestamp-millis" -> instant(between(MIN_MILLIS, MAX_MILLIS), 1_000L, false);
      case "timestamp-micros" ->
          instant(between(MIN_MILLIS * 1_000, MAX_MILLIS * 1_000 + 999), 1_000_000L, false);
      case "timestamp-nanos" ->
          instant(
              random.nextInt(8) == 0 ? pick(Long.MIN_VALUE, Long.MAX_VALUE) : random.nextLong(),
              1_000_000_000L,
              false);
      case "local-timestamp-millis" -> instant(between(MIN_MILLIS, MAX_MILLIS), 1_000L, true);
      case "local-timestamp-micros" ->
          instant(between(MIN_MILLIS * 1_000, MAX_MILLIS * 1_000 + 999), 1_000_000L, true);
      case "date" -> {
        int day = (int) between(MIN_DAY, MAX_DAY);
        String text = dateText(LocalDate.ofEpochDay(day));
        yield new Value(
            random.nextBoolean() ? IntNode.valueOf(day) : TextNode.valueOf(text),
            TextNode.valueOf(text));
      }
      case "time-millis" -> time(between(0, 86_399_999), 1_000L, true);
      case "time-micros" -> time(between(0, 86_399_999_999L), 1_000_000L, false);
      case "decimal" -> {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
        yield decimal(decimal.getPrecision(), decimal.getScale());
      }
      case "big-decimal" -> {
        BigDecimal value = new BigDecimal(unscaled(1 + random.nextInt(25)), random.nextInt(18) - 5);
        JsonNode input =
            random.nextBoolean() ? DecimalNode.valueOf(value) : TextNode.valueOf(value.toString());
        yield new Value(input, DecimalNode.valueOf(value));
      }
      case "uuid" -> {
        String text = new UUID(random.nextLong(), random.nextLong()).toString();
        String input = random.nextBoolean() ? text : text.toUpperCase(Locale.ROOT);
        yield new Value(TextNode.valueOf(input), TextNode.valueOf(text));
      }
      default -> throw new IllegalArgumentException("unexpected logical type " + name);
    };
  }

  private Value whole(long value, boolean isInt) {
    JsonNode expected = isInt ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    JsonNode input =
        random.nextInt(5) == 0
            ? DecimalNode.valueOf(BigDecimal.valueOf(value).setScale(1))
            : expected;
    return new Value(input, expected);
  }

  private Value floating(boolean single, boolean inUnion) {
    if (!inUnion && random.nextInt(10) == 0) {
      return same(TextNode.valueOf(pick("NaN", "Infinity", "-Infinity")));
    }
    if (single) {
      float value = Float.intBitsToFloat(random.nextInt());
      value = Float.isFinite(value) && value != 0 ? value : 1.5f * random.nextInt(100) + 0.0f;
      return new Value(DoubleNode.valueOf(value), FloatNode.valueOf(value));
    }
    double value = Double.longBitsToDouble(random.nextLong());
    value = Double.isFinite(value) && value != 0 ? value : 0.25 * random.nextInt(100) + 0.0;
    return same(DoubleNode.valueOf(value));
  }

  /** A short string; its alphabet cannot spell "NaN" or "Infinity", so it fits unions too. */
  private String string() {
    StringBuilder text = new StringBuilder();
    for (int i = 0, n = random.nextInt(11); i < n; i++) {
      text.append(CHARS[random.nextInt(CHARS.length)]);
    }
    return text.toString();
  }

  private String base64(int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private Value instant(long count, long perSecond, boolean local) {
    long seconds = Math.floorDiv(count, perSecond);
    int nanos = (int) (Math.floorMod(count, perSecond) * (1_000_000_000L / perSecond));
    String utc = dateTimeText(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), nanos);
    String expected = local ? utc : utc + "Z";
    JsonNode input =
        switch (random.nextInt(3)) {
          case 0 -> LongNode.valueOf(count);
          case 1 -> TextNode.valueOf(expected);
          default -> TextNode.valueOf(local ? trimmed(utc) : withOffset(seconds, nanos, utc));
        };
    return new Value(input, TextNode.valueOf(expected));
  }

  /** The instant as text at a random offset, or in UTC if that would leave years 1 to 9999. */
  private String withOffset(long seconds, int nanos, String utc) {
    int minutes = random.nextInt(-18 * 60, 18 * 60 + 1);
    LocalDateTime local =
        LocalDateTime.ofEpochSecond(seconds + minutes * 60L, nanos, ZoneOffset.UTC);
    if (local.getYear() < 1 || local.getYear() > 9999) {
      return utc + "Z";
    }
    String sign = minutes < 0 ? "-" : "+";
    int abs = Math.abs(minutes);
    return trimmed(dateTimeText(local, nanos))
        + sign
        + String.format("%02d:%02d", abs / 60, abs % 60);
  }

  private Value time(long count, long perSecond, boolean isInt) {
    long nanos = count * (1_000_000_000L / perSecond);
    long second = nanos / 1_000_000_000L;
    String text =
        String.format("%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60)
            + fraction((int) (nanos % 1_000_000_000L));
    JsonNode number = isInt ? IntNode.valueOf((int) count) : LongNode.valueOf(count);
    JsonNode input =
        switch (random.nextInt(3)) {
          case 0 -> number;
          case 1 -> TextNode.valueOf(text);
          default -> TextNode.valueOf(trimmed(text));
        };
    return new Value(input, TextNode.valueOf(text));
  }

  private Value decimal(int precision, int scale) {
    BigDecimal value = new BigDecimal(unscaled(1 + random.nextInt(precision)), scale);
    JsonNode input =
        switch (random.nextInt(4)) {
          case 0 -> DecimalNode.valueOf(value);
          case 1 -> DecimalNode.valueOf(value.stripTrailingZeros());
          case 2 -> TextNode.valueOf(value.toPlainString());
          default -> TextNode.valueOf(value.stripTrailingZeros().toString());
        };
    return new Value(input, DecimalNode.valueOf(value));
  }

  private BigInteger unscaled(int digits) {
    StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
    for (int i = 0; i < digits; i++) {
      text.append((char) ('0' + random.nextInt(10)));
    }
    return new BigInteger(text.toString());
  }

  static String instantText(long count, long perSecond) {
    long seconds = Math.floorDiv(count, perSecond);
    int nanos = (int) (Math.floorMod(count, perSecond) * (1_000_000_000L / perSecond));
    return dateTimeText(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), nanos) + "Z";
  }

  private static String dateTimeText(LocalDateTime time, int nanos) {
    return dateText(time.toLocalDate())
        + String.format("T%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond())
        + fraction(nanos);
  }

  private static String dateText(LocalDate date) {
    return String.format(
        "%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
  }

  /** A fraction of a second in groups of three digits, as {@code Instant.toString()} writes it. */
  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    if (nanos % 1_000_000 == 0) {
      return String.format(".%03d", nanos / 1_000_000);
    }
    return nanos % 1_000 == 0
        ? String.format(".%06d", nanos / 1_000)
        : String.format(".%09d", nanos);
  }

  /** {@code text} with trailing zeros of its fraction cut, and the point too if nothing is left. */
  private static String trimmed(String text) {
    if (!text.contains(".")) {
      return text;
    }
    String cut = text.replaceAll("0+$", "");
    return cut.endsWith(".") ? cut.substring(0, cut.length() - 1) : cut;
  }

  private long between(long min, long max) {
    return random.nextInt(8) == 0 ? pick(min, max) : random.nextLong(min, max + 1);
  }

  private long pick(long... options) {
    return options[random.nextInt(options.length)];
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private static Value same(JsonNode node) {
    return new Value(node, node);
  }
}
