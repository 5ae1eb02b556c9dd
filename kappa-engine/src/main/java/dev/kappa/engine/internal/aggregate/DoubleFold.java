package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import dev.kappa.engine.Serdes;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Folds a double extracted from each value with an order-independent operator ({@link Math#min},
 * {@link Math#max}; not addition, see {@link ExactSum}). Stateless.
 */
public record DoubleFold<T>(
    ToDoubleFunction<? super T> extract, double identity, DoubleBinaryOperator op)
    implements Aggregation<T, Double, Double> {

  private static final Serde<Double> SERDE = Serdes.doubles();

  @Override
  public Double init() {
    return identity;
  }

  @Override
  public Double add(Double accumulator, T value, Origin origin) {
    return op.applyAsDouble(accumulator, extract.applyAsDouble(value));
  }

  @Override
  public Double merge(Double left, Double right) {
    return op.applyAsDouble(left, right);
  }

  @Override
  public Double result(Double accumulator) {
    return accumulator;
  }

  @Override
  public Serde<Double> accumulatorSerde() {
    return SERDE;
  }
}
