package dev.kappa.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record as stored in the log, at its offset in a partition.
 *
 * @param partition the partition it was read from
 * @param offset its dense offset in the partition
 * @param eventTime event time in epoch milliseconds (the append time when none was given)
 * @param appendTime the time the log stamped when it appended the record's batch
 * @param key the key, or null
 * @param value the value
 * @param headers the headers, in order
 */
public record LogRecord(
    int partition,
    long offset,
    long eventTime,
    long appendTime,
    byte[] key,
    byte[] value,
    List<Header> headers) {

  public LogRecord {
    Objects.requireNonNull(value, "record value");
    headers = List.copyOf(headers);
  }

  /** The value decoded as UTF-8. */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogRecord r
        && partition == r.partition
        && offset == r.offset
        && eventTime == r.eventTime
        && appendTime == r.appendTime
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        partition,
        offset,
        eventTime,
        appendTime,
        Arrays.hashCode(key),
        Arrays.hashCode(value),
        headers);
  }

  @Override
  public String toString() {
    return "LogRecord["
        + partition
        + "@"
        + offset
        + ", eventTime="
        + eventTime
        + ", value="
        + value.length
        + " bytes]";
  }
}
