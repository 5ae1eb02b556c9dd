package dev.kappa.engine;

/** A view that a {@link ViewEngine} runs. Thread-safe. */
public interface RunningView<K, R> {

  View<K, R> view();

  /** Its committed state, readable while it runs. */
  ViewState<K, R> state();

  ViewStatus status();
}
