package dev.kappa.engine;

import java.util.concurrent.CompletableFuture;

/** A view that a {@link ViewEngine} runs. Thread-safe. */
public interface RunningView<K, R> {

  View<K, R> view();

  /** Its committed state, readable while it runs. */
  ViewState<K, R> state();

  ViewStatus status();

  /**
   * Completes once the view's committed state includes the record at {@code offset} of {@code
   * stream}'s {@code partition}: read-your-writes after an append. Fails if the view stops first.
   *
   * @throws IllegalArgumentException if the view does not read that partition
   */
  CompletableFuture<Void> awaitCommitted(String stream, int partition, long offset);
}
