package dev.kappa.server.internal.query;

import java.util.Objects;

/**
 * Why an on-demand query was refused or stopped. The HTTP layer maps each {@link Reason} to one
 * error code; the message says what to change.
 */
public final class QueryException extends RuntimeException {

  /** The kinds of failure, one per error code of the API. */
  public enum Reason {
    /** The query is malformed: {@code invalid_query}. */
    INVALID,
    /** It would scan, or scanned, more events than allowed: {@code query_too_large}. */
    TOO_MANY_EVENTS,
    /** It has more results than allowed: {@code result_too_large}. */
    TOO_MANY_RESULTS,
    /** It ran longer than allowed: {@code query_timeout}. */
    TIMEOUT,
    /** It was cancelled: {@code query_cancelled}. */
    CANCELLED,
    /** Too many queries run at once: {@code too_many_queries}. */
    TOO_MANY_QUERIES,
    /** A running query already has the id: {@code query_id_in_use}. */
    ID_IN_USE,
    /** No running query has the id: {@code unknown_query}. */
    UNKNOWN_QUERY
  }

  private final Reason reason;

  public QueryException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  static QueryException invalid(String message) {
    return new QueryException(Reason.INVALID, message);
  }
}
