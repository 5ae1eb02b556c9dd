package dev.kappa.cli.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Parses the times users type or data carries: epoch milliseconds, or ISO-8601. An ISO-8601 time
 * without an offset is taken as UTC.
 */
final class Times {

  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,19}");

  private Times() {}

  /**
   * Parses {@code text} as epoch milliseconds ({@code 1714564800000}) or ISO-8601 ({@code
   * 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00+02:00}, {@code 2024-05-01T12:00:00}, {@code
   * 2024-05-01}).
   *
   * @return epoch milliseconds
   * @throws IllegalArgumentException if it is neither
   */
  static long parse(String text) {
    String t = text.strip();
    if (EPOCH_MILLIS.matcher(t).matches()) {
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
    }
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeException ignored) {
      // not an instant with Z; try the other forms
    }
    try {
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeException ignored) {
      // no offset
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeException ignored) {
      // no time
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid time '"
            + text
            + "': use epoch milliseconds or ISO-8601 such as 2024-05-01T12:00:00Z");
  }
}
