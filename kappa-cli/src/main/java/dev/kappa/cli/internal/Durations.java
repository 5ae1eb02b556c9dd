package dev.kappa.cli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Positive durations as command options take them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code
 * 2h}, {@code 1d} or ISO-8601 ({@code PT5M}). Stateless.
 */
final class Durations {

  private static final Pattern AMOUNT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming {@code option} if {@code text} is not a positive
   *     duration
   */
  static Duration positive(String option, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = AMOUNT.matcher(t);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        d = Duration.ZERO;
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          option
              + " must be a positive duration such as 500ms, 30s, 5m, 2h or PT5M, was '"
              + text
              + "'");
    }
    return d;
  }
}
