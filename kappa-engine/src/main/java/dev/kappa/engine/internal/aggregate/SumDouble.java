package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import java.nio.ByteBuffer;
import java.util.function.ToDoubleFunction;

/** The exact sum of doubles, or their average when {@code average} is set. Stateless. */
public record SumDouble<T>(ToDoubleFunction<? super T> extract, boolean average)
    implements Aggregation<T, SumDouble.Acc, Double> {

  /** The count and exact sum so far. Mutable; not thread-safe. */
  public static final class Acc {
    long count;
    final ExactSum sum;

    Acc(long count, ExactSum sum) {
      this.count = count;
      this.sum = sum;
    }
  }

  private static final Serde<Acc> SERDE =
      new Serde<>() {
        @Override
        public byte[] serialize(Acc acc) {
          byte[] sum = acc.sum.toBytes();
          return ByteBuffer.allocate(Long.BYTES + sum.length).putLong(acc.count).put(sum).array();
        }

        @Override
        public Acc deserialize(byte[] bytes) {
          ByteBuffer in = ByteBuffer.wrap(bytes);
          long count = in.getLong();
          return new Acc(count, ExactSum.fromBytes(in));
        }
      };

  @Override
  public Acc init() {
    return new Acc(0, new ExactSum());
  }

  @Override
  public Acc add(Acc acc, T value, Origin origin) {
    double x = extract.applyAsDouble(value);
    acc.sum.add(x);
    acc.count++;
    return acc;
  }

  @Override
  public Acc merge(Acc left, Acc right) {
    left.sum.addAll(right.sum);
    left.count += right.count;
    return left;
  }

  @Override
  public Double result(Acc acc) {
    double sum = acc.sum.value();
    return average ? (acc.count == 0 ? Double.NaN : sum / acc.count) : sum;
  }

  @Override
  public Serde<Acc> accumulatorSerde() {
    return SERDE;
  }
}
