package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Ranked;
import dev.kappa.engine.Serde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The {@code n} inputs with the highest scores, highest first; equal scores rank by {@link Origin},
 * earlier first. That order is total, so the top {@code n} of a set is one and the same whatever
 * order it was added in. The accumulator is the ranked list, never longer than {@code n}.
 * Stateless.
 */
public record TopN<T, V>(
    int n,
    ToDoubleFunction<? super T> score,
    Function<? super T, ? extends V> extract,
    Serde<V> serde)
    implements Aggregation<T, List<Ranked<V>>, List<Ranked<V>>> {

  private static final Comparator<Ranked<?>> RANK =
      Comparator.<Ranked<?>>comparingDouble(Ranked::score).reversed().thenComparing(Ranked::origin);

  public TopN {
    if (n < 1) {
      throw new IllegalArgumentException("top-N needs n >= 1, was " + n);
    }
  }

  @Override
  public List<Ranked<V>> init() {
    return new ArrayList<>(Math.min(n, 16) + 1);
  }

  @Override
  public List<Ranked<V>> add(List<Ranked<V>> top, T value, Origin origin) {
    double s = score.applyAsDouble(value);
    if (Double.isNaN(s)) {
      throw new IllegalArgumentException("top-N score is NaN");
    }
    Ranked<V> entry = new Ranked<>(extract.apply(value), s, origin);
    insert(top, entry);
    return top;
  }

  private void insert(List<Ranked<V>> top, Ranked<V> entry) {
    if (top.size() == n && RANK.compare(entry, top.get(n - 1)) >= 0) {
      return;
    }
    int at = 0;
    while (at < top.size() && RANK.compare(top.get(at), entry) <= 0) {
      at++;
    }
    top.add(at, entry);
    if (top.size() > n) {
      top.remove(n);
    }
  }

  @Override
  public List<Ranked<V>> merge(List<Ranked<V>> left, List<Ranked<V>> right) {
    for (Ranked<V> entry : right) {
      insert(left, entry);
    }
    return left;
  }

  @Override
  public List<Ranked<V>> result(List<Ranked<V>> top) {
    return List.copyOf(top);
  }

  @Override
  public Serde<List<Ranked<V>>> accumulatorSerde() {
    return new Serde<>() {
      @Override
      public byte[] serialize(List<Ranked<V>> top) {
        List<byte[]> values = top.stream().map(r -> serde.serialize(r.value())).toList();
        int size = Integer.BYTES;
        for (byte[] v : values) {
          size += Double.BYTES + OriginCodec.BYTES + Integer.BYTES + v.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(top.size());
        for (int i = 0; i < top.size(); i++) {
          out.putDouble(top.get(i).score());
          OriginCodec.write(out, top.get(i).origin());
          out.putInt(values.get(i).length).put(values.get(i));
        }
        return out.array();
      }

      @Override
      public List<Ranked<V>> deserialize(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int size = in.getInt();
        List<Ranked<V>> top = new ArrayList<>(size + 1);
        for (int i = 0; i < size; i++) {
          double s = in.getDouble();
          Origin origin = OriginCodec.read(in);
          int length = in.getInt();
          byte[] value = Arrays.copyOfRange(bytes, in.position(), in.position() + length);
          in.position(in.position() + length);
          top.add(new Ranked<>(serde.deserialize(value), s, origin));
        }
        return top;
      }
    };
  }
}
