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

  /**
   * The windows of {@code key} that start in {@code [fromStart, toStart)} (all for an unwindowed
   * view), up to {@code limit}, with the progress of the same commit.
   */
  ResultPage<K, R> lookup(K key, long fromStart, long toStart, int limit);

  /**
   * Results of keys in {@code [from, to)} in serialized key order (null: unbounded), up to {@code
   * limit}, resuming after the cursor {@code after} of an earlier page (null: from the start).
   *
   * @throws IllegalArgumentException if {@code after} is not a cursor of this view
   */
  ResultPage<K, R> range(K from, K to, String after, int limit);

  /**
   * Results of keys whose serialized form starts with {@code keyPrefix} (for string keys, their
   * UTF-8 bytes), up to {@code limit}, resuming after {@code after}.
   */
  ResultPage<K, R> prefix(byte[] keyPrefix, String after, int limit);

  /**
   * The {@code n} greatest results by {@code order} over every key and window, ties by key then
   * window start; the page has no cursor. Reads every result: meant for ad-hoc questions.
   */
  default ResultPage<K, R> top(int n, java.util.Comparator<? super R> order) {
    return top(n, order, () -> true);
  }

  /**
   * As {@link #top(int, java.util.Comparator)}, asking {@code keepGoing} every few thousand results
   * whether to go on (a deadline or a cancellation, say).
   *
   * @throws java.util.concurrent.CancellationException if {@code keepGoing} said no
   */
  ResultPage<K, R> top(
      int n, java.util.Comparator<? super R> order, java.util.function.BooleanSupplier keepGoing);
}
