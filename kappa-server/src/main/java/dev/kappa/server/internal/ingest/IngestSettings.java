package dev.kappa.server.internal.ingest;

import java.time.Duration;

/**
 * Ingest settings.
 *
 * @param idempotencyWindow how long an event id (or batch key) is remembered; default 24 hours
 * @param idempotencyMaxEntries the most ids remembered per stream; default 1,000,000
 * @param maxRecordBytes the largest encoded record; bigger events are reported as invalid
 * @param maxEventsPerRequest the most events one request may hold; default 100,000
 */
public record IngestSettings(
    Duration idempotencyWindow,
    int idempotencyMaxEntries,
    int maxRecordBytes,
    int maxEventsPerRequest) {

  public static final int DEFAULT_MAX_EVENTS_PER_REQUEST = 100_000;

  public static final IngestSettings DEFAULTS =
      new IngestSettings(Duration.ofHours(24), 1_000_000, 1 << 20, DEFAULT_MAX_EVENTS_PER_REQUEST);

  public IngestSettings(Duration idempotencyWindow, int idempotencyMaxEntries) {
    this(idempotencyWindow, idempotencyMaxEntries, 1 << 20, DEFAULT_MAX_EVENTS_PER_REQUEST);
  }

  public IngestSettings {
    if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
      throw new IllegalArgumentException("idempotencyWindow must be positive");
    }
    if (maxRecordBytes < 16) {
      throw new IllegalArgumentException("maxRecordBytes must be at least 16");
    }
    if (idempotencyMaxEntries < 1) {
      throw new IllegalArgumentException("idempotencyMaxEntries must be positive");
    }
    if (maxEventsPerRequest < 1) {
      throw new IllegalArgumentException("maxEventsPerRequest must be positive");
    }
  }
}
