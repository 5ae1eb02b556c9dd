package dev.kappa.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record to append: an optional key, a value, headers and an event time.
 *
 * <p>The byte arrays are not copied; callers must not change them until the append completes.
 *
 * @param key the key, or null for none; with {@link Log#appendByKey} it picks the partition
 * @param value the value, never null (may be empty)
 * @param headers the headers, in order
 * @param eventTime event time in epoch milliseconds, or {@link #NO_TIMESTAMP} to use the append
 *     time the log stamps
 */
public record NewRecord(byte[] key, byte[] value, List<Header> headers, long eventTime) {

  /** Event time meaning "use the log's append time". */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  public NewRecord {
    Objects.requireNonNull(value, "record value");
    headers = List.copyOf(headers);
  }

  /**
   * An upper bound of the record's encoded size in a segment: the size that record and batch limits
   * are checked against. It counts every field's bytes plus the largest possible framing.
   */
  public long sizeUpperBound() {
    long size = 5 + 10 + 5 + 5 + 5; // length, timestamp delta, key length, value length, headers
    size += (key == null ? 0 : key.length) + value.length;
    for (Header header : headers) {
      size += 5 + 5 + header.key().getBytes(StandardCharsets.UTF_8).length;
      size += header.value() == null ? 0 : header.value().length;
    }
    return size;
  }

  /** A record with only a value; its event time is the append time. */
  public static NewRecord of(byte[] value) {
    return new NewRecord(null, value, List.of(), NO_TIMESTAMP);
  }

  /** A record with a key, a value and an event time. */
  public static NewRecord of(byte[] key, byte[] value, long eventTime) {
    return new NewRecord(key, value, List.of(), eventTime);
  }

  /** A record whose value is the UTF-8 encoding of {@code value}. */
  public static NewRecord ofUtf8(String value) {
    return of(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NewRecord r
        && eventTime == r.eventTime
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), headers, eventTime);
  }

  @Override
  public String toString() {
    return "NewRecord[key="
        + (key == null ? "null" : key.length + " bytes")
        + ", value="
        + value.length
        + " bytes, headers="
        + headers.size()
        + ", eventTime="
        + eventTime
        + "]";
  }
}
