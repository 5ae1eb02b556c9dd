package dev.kappa.engine;

import dev.kappa.engine.internal.aggregate.ApproxDistinct;
import dev.kappa.engine.internal.aggregate.DistinctCount;
import dev.kappa.engine.internal.aggregate.DoubleFold;
import dev.kappa.engine.internal.aggregate.HyperLogLog;
import dev.kappa.engine.internal.aggregate.Latest;
import dev.kappa.engine.internal.aggregate.LongFold;
import dev.kappa.engine.internal.aggregate.SumDouble;
import dev.kappa.engine.internal.aggregate.TopN;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The built-in aggregations. Every one gives a result that depends only on the set of inputs, not
 * on their order, so views stay deterministic however partitions interleave: double sums and
 * averages are exact before their final rounding, and "latest" and ties in "top-N" go by {@link
 * Origin}.
 */
public final class Aggregations {

  private Aggregations() {}

  public static <T> Aggregation<T, ?, Long> count() {
    return new LongFold<T>(value -> 1L, 0L, Long::sum);
  }

  /** The sum of longs; wraps on overflow. */
  public static <T> Aggregation<T, ?, Long> sum(ToLongFunction<? super T> value) {
    return new LongFold<>(value, 0L, Long::sum);
  }

  /** The exact sum of doubles, rounded once at the end. */
  public static <T> Aggregation<T, ?, Double> sumDouble(ToDoubleFunction<? super T> value) {
    return new SumDouble<>(value, false);
  }

  public static <T> Aggregation<T, ?, Long> min(ToLongFunction<? super T> value) {
    return new LongFold<>(value, Long.MAX_VALUE, Math::min);
  }

  public static <T> Aggregation<T, ?, Long> max(ToLongFunction<? super T> value) {
    return new LongFold<>(value, Long.MIN_VALUE, Math::max);
  }

  public static <T> Aggregation<T, ?, Double> minDouble(ToDoubleFunction<? super T> value) {
    return new DoubleFold<>(value, Double.POSITIVE_INFINITY, Math::min);
  }

  public static <T> Aggregation<T, ?, Double> maxDouble(ToDoubleFunction<? super T> value) {
    return new DoubleFold<>(value, Double.NEGATIVE_INFINITY, Math::max);
  }

  /** The average: the exact sum, rounded, divided by the count. */
  public static <T> Aggregation<T, ?, Double> avg(ToDoubleFunction<? super T> value) {
    return new SumDouble<>(value, true);
  }

  /** The exact number of distinct values (compared by their bytes under {@code serde}). */
  public static <T, V> Aggregation<T, ?, Long> countDistinct(
      Function<? super T, ? extends V> value, Serde<V> serde) {
    return new DistinctCount<>(value, serde);
  }

  /**
   * The approximate number of distinct values, with a HyperLogLog sketch of 4 KiB per key and
   * window (standard error about 1.6%).
   */
  public static <T, V> Aggregation<T, ?, Long> approxCountDistinct(
      Function<? super T, ? extends V> value, Serde<V> serde) {
    return approxCountDistinct(value, serde, HyperLogLog.DEFAULT_PRECISION);
  }

  /**
   * As {@link #approxCountDistinct(Function, Serde)}, with {@code 2^precision} registers (4–16).
   */
  public static <T, V> Aggregation<T, ?, Long> approxCountDistinct(
      Function<? super T, ? extends V> value, Serde<V> serde, int precision) {
    return new ApproxDistinct<>(value, serde, precision);
  }

  /** The value of the latest input, by event time and then log position. */
  public static <T, V> Aggregation<T, ?, V> latest(
      Function<? super T, ? extends V> value, Serde<V> serde) {
    return new Latest<>(value, serde);
  }

  /** The {@code n} inputs with the highest {@code score}, highest first. */
  public static <T, V> Aggregation<T, ?, List<Ranked<V>>> topN(
      int n,
      ToDoubleFunction<? super T> score,
      Function<? super T, ? extends V> value,
      Serde<V> serde) {
    return new TopN<>(n, score, value, serde);
  }
}
