package dev.kappa.server.internal.query;

/**
 * A query while it runs: what {@code GET /queries} lists and what {@code DELETE /queries/{id}}
 * cancels. The running thread updates {@link #scanned()}; any thread may read it or {@link
 * #cancel}. Thread-safe.
 */
public final class RunningQuery {

  private final String id;
  private final String stream;
  private final long startNanos;
  private volatile long scanned;
  private volatile String cancelledBecause;

  RunningQuery(String id, String stream, long startNanos) {
    this.id = id;
    this.stream = stream;
    this.startNanos = startNanos;
  }

  public String id() {
    return id;
  }

  public String stream() {
    return stream;
  }

  /** Records scanned so far; updated after each batch read. */
  public long scanned() {
    return scanned;
  }

  void scanned(long scanned) {
    this.scanned = scanned;
  }

  /** Milliseconds since the query started. */
  public long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  long startNanos() {
    return startNanos;
  }

  /** Asks the query to stop at its next check (after the batch it is reading). */
  public void cancel(String because) {
    cancelledBecause = because;
  }

  /** Why the query was cancelled, or null while it was not. */
  String cancelledBecause() {
    return cancelledBecause;
  }
}
