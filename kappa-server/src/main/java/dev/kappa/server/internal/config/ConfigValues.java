package dev.kappa.server.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and checks setting values; every error names the setting. Stateless and thread-safe.
 *
 * <p>Sizes are whole bytes with an optional binary suffix ({@code 512}, {@code 64KiB}, {@code
 * 16MiB}, {@code 1GiB}; {@code KB}/{@code MB}/{@code GB} mean the same powers of 1024). Durations
 * are ISO-8601 ({@code PT30S}, {@code P1D}) or whole milliseconds.
 */
public final class ConfigValues {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(B|K|KB|KIB|M|MB|MIB|G|GB|GIB)?", Pattern.CASE_INSENSITIVE);

  private ConfigValues() {}

  public static int integer(String key, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'", e);
    }
  }

  /** A size in bytes. */
  public static long size(String key, String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + " must be a size such as 1048576, 64KiB or 16MiB, was '" + text + "'");
    }
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    int shift =
        switch (unit.charAt(0)) {
          case 'K' -> 10;
          case 'M' -> 20;
          case 'G' -> 30;
          default -> 0;
        };
    try {
      long number = Long.parseLong(m.group(1));
      if (number > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException("overflow");
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is too large: '" + text + "'", e);
    }
  }

  /** A size in bytes that must fit an {@code int}. */
  public static int intSize(String key, String text) {
    long bytes = size(key, text);
    checkRange(key, bytes, 0, Integer.MAX_VALUE);
    return (int) bytes;
  }

  /** An ISO-8601 duration or a number of milliseconds. */
  public static Duration duration(String key, String text) {
    String trimmed = text.trim();
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofMillis(Long.parseLong(trimmed));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " is too large: '" + text + "'", e);
      }
    }
    try {
      return Duration.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key
              + " must be an ISO-8601 duration such as PT30S or a number of milliseconds, was '"
              + text
              + "'",
          e);
    }
  }

  public static void checkRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  public static void checkPositive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }
}
