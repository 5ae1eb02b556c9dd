package dev.kappa.engine;

/**
 * Folds a key's input values within one window into an accumulator, and reads a result from it.
 *
 * <p><b>Determinism:</b> the result must depend only on the set of values added (with their {@link
 * Origin}s), never on the order they were added in, because the order in which partitions
 * interleave varies between runs. Commutative folds (count, sum, max) satisfy this as they are;
 * order-sensitive ones ("latest") must order by {@link Origin}.
 *
 * <p><b>Atomicity:</b> {@code add} may mutate and return {@code accumulator}. If it throws, the
 * engine rolls the view back to its last commit and replays up to the failing record, which then
 * goes to the error output, so a half-applied record never stays in state.
 *
 * @param <T> the input value
 * @param <A> the accumulator, kept in state through {@link #accumulatorSerde()}
 * @param <R> the result that queries see
 */
public interface Aggregation<T, A, R> {

  A init();

  A add(A accumulator, T value, Origin origin);

  /** Combines two accumulators of the same key, when session windows merge. */
  A merge(A left, A right);

  R result(A accumulator);

  Serde<A> accumulatorSerde();
}
