package dev.kappa.server.internal.query;

import dev.kappa.engine.Window;
import java.util.List;

/**
 * The answer of an on-demand query. Immutable.
 *
 * @param query the query answered
 * @param id the query's id
 * @param results by key (string order; null, the one key of an ungrouped query, alone) then window
 *     start
 * @param scanned records read from the log, in or out of the range
 * @param matched events aggregated
 * @param missingField events in the range left out for lacking a field, or a number where one is
 *     needed
 * @param undecodable events in the range whose value did not decode
 * @param elapsedMs how long the query ran
 * @param positions per partition, the offsets read: {@code [startOffset, endOffset)}
 */
public record QueryResult(
    AdHocQuery query,
    String id,
    List<Row> results,
    long scanned,
    long matched,
    long missingField,
    long undecodable,
    long elapsedMs,
    List<Position> positions) {

  /**
   * One result.
   *
   * @param key the group field's text, or null when the query has no group field
   * @param window the window, or null when the query has none
   * @param value a Long (count, distinct counts), a Double (sum, avg, min, max) or a list of
   *     doubles, highest first (topN)
   */
  public record Row(String key, Window window, Object value) {}

  /** The offsets read from one partition: {@code [start, end)}. */
  public record Position(int partition, long start, long end) {}
}
