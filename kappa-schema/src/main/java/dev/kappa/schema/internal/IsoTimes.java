package dev.kappa.schema.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Parses ISO-8601 instants, local date-times, dates and times, returning null for text that is not
 * one rather than throwing.
 *
 * <p>The common forms ({@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T12:00:00.123+02:00}, {@code
 * 2024-05-01T12:00:00}, {@code 2024-05-01}, {@code 12:00:00.5}) are read by hand, because event
 * ingest reads one per event and {@link DateTimeFormatter} is several times slower. Anything else
 * (lower-case separators, omitted seconds, years past 9999) falls back to the {@code java.time} ISO
 * formatters, which have the final word on what is valid.
 *
 * <p>Stateless and thread-safe.
 */
final class IsoTimes {

  private IsoTimes() {}

  /** An instant with a zone offset or {@code Z}, such as {@code 2024-05-01T12:00:00Z}. */
  static Instant instant(String text) {
    Instant fast = fastDateTime(text, true);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * A local date-time without offset, such as {@code 2024-05-01T12:00:00}, as the instant it names
   * at UTC; local timestamps count from {@code 1970-01-01T00:00} the same way instants do.
   */
  static Instant localDateTime(String text) {
    Instant fast = fastDateTime(text, false);
    if (fast != null) {
      return fast;
    }
    try {
      return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A date such as {@code 2024-05-01}. */
  static LocalDate date(String text) {
    if (text.length() == 10) {
      long epochDay = fastDate(text);
      if (epochDay != Long.MIN_VALUE) {
        return LocalDate.ofEpochDay(epochDay);
      }
    }
    try {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A time of day such as {@code 12:00}, {@code 12:00:00} or {@code 12:00:00.123456}. */
  static LocalTime time(String text) {
    try {
      return LocalTime.parse(text, DateTimeFormatter.ISO_LOCAL_TIME);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]} followed by {@code Z} or {@code ±HH:mm} if {@code
   * zoned}, else by nothing; null if the text is not exactly that (the caller then falls back).
   */
  private static Instant fastDateTime(String text, boolean zoned) {
    int length = text.length();
    if (length < 19 || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    long epochDay = fastDate(text);
    int hour = digits(text, 11);
    int minute = digits(text, 14);
    int second = digits(text, 17);
    if (epochDay == Long.MIN_VALUE || hour > 23 || minute > 59 || second > 59) {
      return null; // also when any of them is not two digits (digits returns -1)
    }
    int at = 19;
    int nanos = 0;
    if (at < length && text.charAt(at) == '.') {
      int start = ++at;
      while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
        nanos = nanos * 10 + (text.charAt(at++) - '0');
      }
      if (at == start || (at < length && isDigit(text.charAt(at)))) {
        return null;
      }
      for (int i = at - start; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = 0;
    if (zoned) {
      if (at == length - 1 && text.charAt(at) == 'Z') {
        at++;
      } else if (at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        int hours = digits(text, at + 1);
        int minutes = digits(text, at + 4);
        if (text.charAt(at + 3) != ':'
            || hours < 0
            || minutes < 0
            || minutes > 59
            || hours * 60 + minutes > 18 * 60) {
          return null;
        }
        offsetSeconds = (hours * 3600 + minutes * 60) * (text.charAt(at) == '-' ? -1 : 1);
        at = length;
      } else {
        return null;
      }
    }
    if (at != length) {
      return null;
    }
    long seconds = epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The epoch day of {@code yyyy-MM-dd} at the start of {@code text}, or Long.MIN_VALUE. */
  private static long fastDate(String text) {
    int century = digits(text, 0);
    int yearOfCentury = digits(text, 2);
    int month = digits(text, 5);
    int day = digits(text, 8);
    if (century < 0
        || yearOfCentury < 0
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || month < 1
        || month > 12
        || day < 1) {
      return Long.MIN_VALUE;
    }
    int year = century * 100 + yearOfCentury;
    if (day > lengthOfMonth(year, month)) {
      return Long.MIN_VALUE;
    }
    return LocalDate.of(year, month, day).toEpochDay();
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The two-digit number at {@code at}, or -1 if either character is not a digit. */
  private static int digits(String text, int at) {
    char tens = text.charAt(at);
    char ones = text.charAt(at + 1);
    if (!isDigit(tens) || !isDigit(ones)) {
      return -1;
    }
    return (tens - '0') * 10 + (ones - '0');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
