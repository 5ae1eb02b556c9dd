package dev.kappa.log;

import java.time.Duration;

/**
 * How long a stream keeps its records. Kappa keeps them forever unless told otherwise.
 *
 * <p>Retention deletes whole old segments only, never the active one, so a partition always keeps
 * at least its newest records and offsets are never reused. A segment is deleted by time once its
 * newest append time is older than {@code maxAge}, and by size while the partition's other segments
 * still exceed {@code maxBytes} without it.
 *
 * @param maxAge the age after which a segment is deleted, or null for no limit
 * @param maxBytes the per-partition size to stay under, or -1 for no limit
 */
public record RetentionPolicy(Duration maxAge, long maxBytes) {

  private static final RetentionPolicy FOREVER = new RetentionPolicy(null, -1);

  public RetentionPolicy {
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException("retention maxAge must be positive, was " + maxAge);
    }
    if (maxBytes < -1 || maxBytes == 0) {
      throw new IllegalArgumentException(
          "retention maxBytes must be positive or -1 for no limit, was " + maxBytes);
    }
  }

  /** Keep everything: the default. */
  public static RetentionPolicy forever() {
    return FOREVER;
  }

  public static RetentionPolicy maxAge(Duration maxAge) {
    return new RetentionPolicy(maxAge, -1);
  }

  public static RetentionPolicy maxBytes(long maxBytes) {
    return new RetentionPolicy(null, maxBytes);
  }

  public boolean isForever() {
    return maxAge == null && maxBytes == -1;
  }

  @Override
  public String toString() {
    if (isForever()) {
      return "forever";
    }
    return (maxAge == null ? "" : "maxAge=" + maxAge)
        + (maxAge != null && maxBytes != -1 ? "," : "")
        + (maxBytes == -1 ? "" : "maxBytes=" + maxBytes);
  }
}
