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

  /**
   * Moves the run into the background or out of it, as {@link RunOptions#background()} started it:
   * a rebuild that takes over serving catches up in the foreground from then on.
   */
  void background(boolean background);

  /** Whether the run is in the background now. */
  boolean background();
}
