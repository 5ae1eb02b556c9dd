package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import java.util.function.Function;

/**
 * The approximate number of distinct values, with a {@link HyperLogLog} sketch over the hashes of
 * their serialized bytes: fixed memory ({@code 2^precision} bytes) whatever the cardinality.
 * Stateless.
 */
public record ApproxDistinct<T, V>(
    Function<? super T, ? extends V> extract, Serde<V> serde, int precision)
    implements Aggregation<T, HyperLogLog, Long> {

  private static final Serde<HyperLogLog> SKETCH_SERDE =
      new Serde<>() {
        @Override
        public byte[] serialize(HyperLogLog sketch) {
          return sketch.toBytes();
        }

        @Override
        public HyperLogLog deserialize(byte[] bytes) {
          return HyperLogLog.fromBytes(bytes);
        }
      };

  public ApproxDistinct {
    new HyperLogLog(precision); // validates the precision when the view is defined
  }

  @Override
  public HyperLogLog init() {
    return new HyperLogLog(precision);
  }

  @Override
  public HyperLogLog add(HyperLogLog sketch, T value, Origin origin) {
    sketch.addHash(HyperLogLog.hash(serde.serialize(extract.apply(value))));
    return sketch;
  }

  @Override
  public HyperLogLog merge(HyperLogLog left, HyperLogLog right) {
    left.merge(right);
    return left;
  }

  @Override
  public Long result(HyperLogLog sketch) {
    return sketch.estimate();
  }

  @Override
  public Serde<HyperLogLog> accumulatorSerde() {
    return SKETCH_SERDE;
  }
}
