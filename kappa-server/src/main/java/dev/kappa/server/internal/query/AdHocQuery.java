package dev.kappa.server.internal.query;

import dev.kappa.engine.WindowSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * One on-demand query, parsed and checked: an aggregation of one stream's events whose event time
 * is in {@code [from, to)}, optionally grouped by a field, windowed and filtered. Immutable.
 *
 * @param stream the stream read
 * @param from the range's start, epoch milliseconds, inclusive
 * @param to the range's end, epoch milliseconds, exclusive; greater than {@code from}
 * @param groupBy the dotted path of the field whose value (as text) is the key, or null for one
 *     group
 * @param window how events are windowed, or null for one result per key over the whole range
 * @param aggregate what is computed per key and window
 * @param where an equality filter, or null
 * @param readPast how far past {@code to} the log is read for out-of-order events (see {@link
 *     QueryRunner})
 * @param limits the limits in force: the request's, lowered to the server's caps
 */
public record AdHocQuery(
    String stream,
    long from,
    long to,
    String groupBy,
    WindowSpec window,
    Aggregate aggregate,
    Where where,
    Duration readPast,
    Limits limits) {

  public AdHocQuery {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(aggregate, "aggregate");
    Objects.requireNonNull(readPast, "readPast");
    Objects.requireNonNull(limits, "limits");
    if (to <= from) {
      throw QueryException.invalid("'to' must be after 'from'");
    }
  }

  /** The aggregations an on-demand query offers, each one of the engine's {@code Aggregations}. */
  public enum Kind {
    COUNT("count"),
    SUM("sum"),
    AVG("avg"),
    MIN("min"),
    MAX("max"),
    COUNT_DISTINCT("countDistinct"),
    APPROX_COUNT_DISTINCT("approxCountDistinct"),
    TOP_N("topN");

    private final String jsonName;

    Kind(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The name in the request body, such as {@code countDistinct}. */
    public String jsonName() {
      return jsonName;
    }

    /** Whether its field must hold a number. */
    boolean numeric() {
      return this == SUM || this == AVG || this == MIN || this == MAX || this == TOP_N;
    }
  }

  /**
   * @param kind the aggregation
   * @param field the dotted path of the field aggregated, or null for {@link Kind#COUNT}
   * @param n how many values {@link Kind#TOP_N} keeps (0 otherwise)
   */
  public record Aggregate(Kind kind, String field, int n) {}

  /**
   * Keeps the events whose field equals a value.
   *
   * @param field the dotted path of the field
   * @param value the value's text; a field matches if its scalar value has the same text
   */
  public record Where(String field, String value) {}

  /**
   * @param maxEvents the most records scanned
   * @param maxResults the most results
   * @param timeout the longest run
   * @param eventsLimitFromRequest whether {@code maxEvents} is the request's own (else the server's
   *     cap), so an error can say which limit was hit
   */
  public record Limits(
      long maxEvents, int maxResults, Duration timeout, boolean eventsLimitFromRequest) {}
}
