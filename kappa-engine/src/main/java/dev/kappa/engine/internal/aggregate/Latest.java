package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The value of the latest input by {@link Origin} order (event time, then log position), so the
 * result does not depend on how partitions interleave. A null value is kept like any other (table
 * views use it as a tombstone). Stateless.
 */
public record Latest<T, V>(Function<? super T, ? extends V> extract, Serde<V> serde)
    implements Aggregation<T, Latest.Acc<V>, V> {

  /** The latest value and where it came from; {@code origin} is null before the first input. */
  public record Acc<V>(Origin origin, V value) {}

  @Override
  public Acc<V> init() {
    return new Acc<>(null, null);
  }

  @Override
  public Acc<V> add(Acc<V> acc, T value, Origin origin) {
    V extracted = extract.apply(value);
    return acc.origin() == null || origin.compareTo(acc.origin()) > 0
        ? new Acc<>(origin, extracted)
        : acc;
  }

  @Override
  public Acc<V> merge(Acc<V> left, Acc<V> right) {
    if (left.origin() == null) {
      return right;
    }
    return right.origin() != null && right.origin().compareTo(left.origin()) > 0 ? right : left;
  }

  @Override
  public V result(Acc<V> acc) {
    return acc.value();
  }

  @Override
  public Serde<Acc<V>> accumulatorSerde() {
    return new Serde<>() {
      @Override
      public byte[] serialize(Acc<V> acc) {
        byte[] value = acc.value() == null ? null : serde.serialize(acc.value());
        ByteBuffer out =
            ByteBuffer.allocate(OriginCodec.BYTES + 1 + (value == null ? 0 : value.length));
        OriginCodec.write(out, acc.origin());
        out.put((byte) (value == null ? 0 : 1));
        if (value != null) {
          out.put(value);
        }
        return out.array();
      }

      @Override
      public Acc<V> deserialize(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Origin origin = OriginCodec.read(in);
        boolean present = in.get() == 1;
        V value =
            present
                ? serde.deserialize(Arrays.copyOfRange(bytes, in.position(), bytes.length))
                : null;
        return new Acc<>(origin, value);
      }
    };
  }
}
