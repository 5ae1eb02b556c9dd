package dev.kappa.engine;

import java.util.List;
import java.util.Optional;

/**
 * Read access to a view's committed state: results are consistent with {@link #progress()} as of
 * one commit. Thread-safe.
 */
public interface ViewState<K, R> {

  /** The result of an unwindowed view for {@code key}. */
  Optional<R> get(K key);

  /** Every window of {@code key}, by start. */
  List<WindowResult<K, R>> windows(K key);

  /**
   * Up to {@code limit} results, by key then window start. Keys are ordered by their serialized
   * form: shorter first, then by unsigned bytes (so fixed-size keys such as {@link Serdes#longs()}
   * come out in numeric order, and strings of one length in byte order).
   */
  List<WindowResult<K, R>> scan(int limit);

  /**
   * Up to {@code limit} records of the late or error output, in source, partition, offset order.
   */
  List<SideOutput> sideOutput(SideOutput.Kind kind, int limit);

  ViewProgress progress();
}
