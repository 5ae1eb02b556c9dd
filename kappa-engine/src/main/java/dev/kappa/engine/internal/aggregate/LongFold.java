package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import dev.kappa.engine.Serdes;
import java.util.function.LongBinaryOperator;
import java.util.function.ToLongFunction;

/**
 * Folds a long extracted from each value with a commutative, associative operator (sum, min, max;
 * count sums ones). Sums wrap on overflow, which keeps them order-independent. Stateless.
 */
public record LongFold<T>(ToLongFunction<? super T> extract, long identity, LongBinaryOperator op)
    implements Aggregation<T, Long, Long> {

  private static final Serde<Long> SERDE = Serdes.longs();

  @Override
  public Long init() {
    return identity;
  }

  @Override
  public Long add(Long accumulator, T value, Origin origin) {
    return op.applyAsLong(accumulator, extract.applyAsLong(value));
  }

  @Override
  public Long merge(Long left, Long right) {
    return op.applyAsLong(left, right);
  }

  @Override
  public Long result(Long accumulator) {
    return accumulator;
  }

  @Override
  public Serde<Long> accumulatorSerde() {
    return SERDE;
  }
}
