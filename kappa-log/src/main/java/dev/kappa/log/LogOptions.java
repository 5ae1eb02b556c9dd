package dev.kappa.log;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an embedded log. Build with {@link #builder(Path)}; every setting has a default.
 *
 * @param directory the data directory; created if missing
 * @param segmentBytes a segment rolls when the next batch would take it past this size
 * @param indexIntervalBytes bytes of log between two entries of the sparse indexes
 * @param maxRecordBytes the largest encoded record accepted
 * @param maxBatchBytes the largest encoded append accepted: an append is stored as one frame, so
 *     that after a crash it is either wholly present or absent
 * @param checkpointInterval how often recovery checkpoints are written while running
 * @param retentionCheckInterval how often retention runs while running
 * @param clock the source of append times and of "now" for retention
 */
public record LogOptions(
    Path directory,
    int segmentBytes,
    int indexIntervalBytes,
    int maxRecordBytes,
    int maxBatchBytes,
    Duration checkpointInterval,
    Duration retentionCheckInterval,
    Clock clock) {

  public static final int DEFAULT_SEGMENT_BYTES = 256 << 20;
  public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_BATCH_BYTES = 64 << 20;

  public LogOptions {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
    if (maxRecordBytes < 16) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 16, was " + maxRecordBytes);
    }
    if (maxBatchBytes < maxRecordBytes) {
      throw new IllegalArgumentException(
          "maxBatchBytes ("
              + maxBatchBytes
              + ") must be at least maxRecordBytes ("
              + maxRecordBytes
              + ")");
    }
    if (segmentBytes < 1024) {
      throw new IllegalArgumentException("segmentBytes must be at least 1024, was " + segmentBytes);
    }
    if (indexIntervalBytes < 1) {
      throw new IllegalArgumentException(
          "indexIntervalBytes must be positive, was " + indexIntervalBytes);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpointInterval must be positive");
    }
    if (retentionCheckInterval.isNegative() || retentionCheckInterval.isZero()) {
      throw new IllegalArgumentException("retentionCheckInterval must be positive");
    }
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** Fluent builder; each setter checks its argument when {@link #build()} runs. */
  public static final class Builder {
    private final Path directory;
    private int segmentBytes = DEFAULT_SEGMENT_BYTES;
    private int indexIntervalBytes = DEFAULT_INDEX_INTERVAL_BYTES;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private int maxBatchBytes = -1; // derived from maxRecordBytes unless set
    private Duration checkpointInterval = Duration.ofSeconds(30);
    private Duration retentionCheckInterval = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Builder segmentBytes(int segmentBytes) {
      this.segmentBytes = segmentBytes;
      return this;
    }

    public Builder indexIntervalBytes(int indexIntervalBytes) {
      this.indexIntervalBytes = indexIntervalBytes;
      return this;
    }

    public Builder maxRecordBytes(int maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
      return this;
    }

    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = checkpointInterval;
      return this;
    }

    public Builder retentionCheckInterval(Duration retentionCheckInterval) {
      this.retentionCheckInterval = retentionCheckInterval;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public LogOptions build() {
      return new LogOptions(
          directory,
          segmentBytes,
          indexIntervalBytes,
          maxRecordBytes,
          maxBatchBytes >= 0
              ? maxBatchBytes
              : Math.max(DEFAULT_MAX_BATCH_BYTES, maxRecordBytes + (64 << 10)),
          checkpointInterval,
          retentionCheckInterval,
          clock);
    }
  }
}
