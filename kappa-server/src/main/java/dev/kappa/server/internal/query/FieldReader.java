package dev.kappa.server.internal.query;

import dev.kappa.log.RecordView;

/**
 * Reads the few fields a query needs out of one record's value, without building the whole event.
 * Implementations are thread-safe and deterministic: equal records give equal fields.
 */
interface FieldReader {

  /**
   * The values of the reader's paths, in order: each a {@link FieldValue}, or null where the field
   * is missing, null, or not a scalar.
   *
   * @throws RuntimeException if the value cannot be decoded at all
   */
  FieldValue[] read(RecordView record);
}
