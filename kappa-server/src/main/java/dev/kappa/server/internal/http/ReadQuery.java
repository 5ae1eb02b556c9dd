package dev.kappa.server.internal.http;

import dev.kappa.log.StreamInfo;
import dev.kappa.log.UnknownPartitionException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The parameters of {@code GET /streams/{stream}/events}, checked against the stream.
 *
 * @param partition the one partition to read, or -1 for all, in partition order
 * @param fromOffset the first offset to read, or -1 for each partition's oldest retained record
 * @param fromTime the earliest event time to read, in epoch milliseconds, or {@link Long#MIN_VALUE}
 * @param max the most records to return, over all partitions
 * @param waitMs how long to wait, when nothing is readable yet, for a record to arrive (long poll)
 * @param rawValues whether values of streams without an Avro model are sent as their bytes, in
 *     {@code valueBase64}, even when they are JSON: for clients that must show them byte for byte
 */
record ReadQuery(
    int partition, long fromOffset, long fromTime, int max, long waitMs, boolean rawValues) {

  static final long MAX_WAIT_MS = 60_000;

  static final int DEFAULT_MAX = 1000;
  static final int MAX_MAX = 100_000;
  static final long NO_TIME = Long.MIN_VALUE;

  /**
   * @throws ApiException {@code invalid_request} naming the parameter
   * @throws UnknownPartitionException if the partition is not one of the stream's
   */
  static ReadQuery parse(Context ctx, StreamInfo stream) {
    int partition = (int) number(ctx, "partition", -1, 0, Integer.MAX_VALUE);
    int partitions = stream.config().partitions();
    if (partition >= partitions) {
      throw new UnknownPartitionException(stream.name(), partition, partitions);
    }
    long fromOffset = number(ctx, "fromOffset", -1, 0, Long.MAX_VALUE);
    long fromTime = time(ctx.queryParam("fromTime"));
    if (fromOffset >= 0 && fromTime != NO_TIME) {
      throw ApiException.invalidRequest("give fromOffset or fromTime, not both");
    }
    int max = (int) number(ctx, "max", DEFAULT_MAX, 1, MAX_MAX);
    long waitMs = number(ctx, "waitMs", 0, 0, MAX_WAIT_MS);
    boolean rawValues = bool(ctx, "rawValues");
    return new ReadQuery(partition, fromOffset, fromTime, max, waitMs, rawValues);
  }

  /** {@code true} or {@code false}; absent is false. */
  private static boolean bool(Context ctx, String name) {
    String text = ctx.queryParam(name);
    if (text == null || text.trim().equals("false")) {
      return false;
    }
    if (text.trim().equals("true")) {
      return true;
    }
    throw ApiException.invalidRequest(name + " must be true or false, was '" + text + "'");
  }

  private static long number(Context ctx, String name, long absent, long min, long max) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return absent;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalidRequest(
        name + " must be a whole number from " + min + " to " + max + ", was '" + text + "'");
  }

  private static long time(String text) {
    return time(text, "fromTime");
  }

  /**
   * Epoch milliseconds, or an ISO-8601 instant or offset date-time; {@link #NO_TIME} if absent.
   *
   * @param parameter the query parameter named in the error
   */
  static long time(String text, String parameter) {
    if (text == null) {
      return NO_TIME;
    }
    String trimmed = text.trim();
    try {
      return Long.parseLong(trimmed);
    } catch (NumberFormatException e) {
      // not millis; try ISO-8601
    }
    try {
      return Instant.parse(trimmed).toEpochMilli();
    } catch (DateTimeParseException e) {
      // try with an offset
    }
    try {
      return OffsetDateTime.parse(trimmed).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.invalidRequest(
          parameter
              + " must be epoch milliseconds or an ISO-8601 time such as"
              + " 2024-05-01T12:00:00Z, was '"
              + text
              + "'");
    }
  }
}
