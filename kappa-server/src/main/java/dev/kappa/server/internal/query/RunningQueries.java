package dev.kappa.server.internal.query;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The queries running now, by id, with a cap on how many may run at once. Thread-safe: every method
 * synchronizes on this registry, and none runs a query.
 */
public final class RunningQueries {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final int maxConcurrent;
  private final Map<String, RunningQuery> running = new LinkedHashMap<>();

  public RunningQueries(int maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  /**
   * Registers a query about to run; {@link #finish} must follow.
   *
   * @param id the client's id, or null to make one
   * @throws QueryException INVALID for a malformed id, ID_IN_USE, TOO_MANY_QUERIES
   */
  public synchronized RunningQuery start(String id, String stream) {
    if (id != null && !ID.matcher(id).matches()) {
      throw QueryException.invalid(
          "the query id must be 1 to 128 of [A-Za-z0-9._:-], was '" + id + "'");
    }
    String chosen = id == null ? UUID.randomUUID().toString() : id;
    if (running.containsKey(chosen)) {
      throw new QueryException(
          QueryException.Reason.ID_IN_USE, "a running query already has id '" + chosen + "'");
    }
    if (running.size() >= maxConcurrent) {
      throw new QueryException(
          QueryException.Reason.TOO_MANY_QUERIES,
          maxConcurrent
              + " queries are running, the most the server allows (queries.maxConcurrent); retry"
              + " when one has finished");
    }
    RunningQuery query = new RunningQuery(chosen, stream, System.nanoTime());
    running.put(chosen, query);
    return query;
  }

  public synchronized void finish(RunningQuery query) {
    running.remove(query.id(), query);
  }

  /** The running queries, oldest first. */
  public synchronized List<RunningQuery> list() {
    return running.values().stream()
        .sorted(Comparator.comparingLong(RunningQuery::startNanos))
        .toList();
  }

  /** Cancels the query with this id; empty if none runs. */
  public synchronized Optional<RunningQuery> cancel(String id, String because) {
    RunningQuery query = running.get(id);
    if (query != null) {
      query.cancel(because);
    }
    return Optional.ofNullable(query);
  }
}
