package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import dev.kappa.engine.internal.LongBytes;
import java.util.function.LongBinaryOperator;
import java.util.function.ToLongFunction;

/**
 * Folds a long extracted from each value with a commutative, associative operator (sum, min, max;
 * count sums ones). Sums wrap on overflow, which keeps them order-independent. The accumulator is a
 * one-element array updated in place: no allocation per event, which matters when millions of keys
 * sit in the cache. Serialized as eight bytes, big-endian. Stateless.
 */
public record LongFold<T>(ToLongFunction<? super T> extract, long identity, LongBinaryOperator op)
    implements Aggregation<T, long[], Long> {

  private static final Serde<long[]> SERDE =
      new Serde<>() {
        @Override
        public byte[] serialize(long[] accumulator) {
          return LongBytes.of(accumulator[0]);
        }

        @Override
        public long[] deserialize(byte[] bytes) {
          return new long[] {LongBytes.read(bytes)};
        }
      };

  @Override
  public long[] init() {
    return new long[] {identity};
  }

  @Override
  public long[] add(long[] accumulator, T value, Origin origin) {
    accumulator[0] = op.applyAsLong(accumulator[0], extract.applyAsLong(value));
    return accumulator;
  }

  @Override
  public long[] merge(long[] left, long[] right) {
    left[0] = op.applyAsLong(left[0], right[0]);
    return left;
  }

  @Override
  public Long result(long[] accumulator) {
    return accumulator[0];
  }

  @Override
  public Serde<long[]> accumulatorSerde() {
    return SERDE;
  }
}
