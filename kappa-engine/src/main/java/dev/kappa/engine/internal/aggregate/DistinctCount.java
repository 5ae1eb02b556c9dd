package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import dev.kappa.engine.internal.ByteKey;
import java.nio.ByteBuffer;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The exact number of distinct values, compared by their serialized bytes. The accumulator is the
 * sorted set of those bytes, so its serialized form does not depend on insertion order. Memory
 * grows with the cardinality: for large ones use {@link ApproxDistinct}. Stateless.
 */
public record DistinctCount<T, V>(Function<? super T, ? extends V> extract, Serde<V> serde)
    implements Aggregation<T, TreeSet<ByteKey>, Long> {

  private static final Serde<TreeSet<ByteKey>> SET_SERDE =
      new Serde<>() {
        @Override
        public byte[] serialize(TreeSet<ByteKey> set) {
          int size = Integer.BYTES;
          for (ByteKey key : set) {
            size += Integer.BYTES + key.bytes().length;
          }
          ByteBuffer out = ByteBuffer.allocate(size).putInt(set.size());
          for (ByteKey key : set) {
            out.putInt(key.bytes().length).put(key.bytes());
          }
          return out.array();
        }

        @Override
        public TreeSet<ByteKey> deserialize(byte[] bytes) {
          ByteBuffer in = ByteBuffer.wrap(bytes);
          TreeSet<ByteKey> set = new TreeSet<>();
          for (int n = in.getInt(); n > 0; n--) {
            byte[] value = new byte[in.getInt()];
            in.get(value);
            set.add(new ByteKey(value));
          }
          return set;
        }
      };

  @Override
  public TreeSet<ByteKey> init() {
    return new TreeSet<>();
  }

  @Override
  public TreeSet<ByteKey> add(TreeSet<ByteKey> set, T value, Origin origin) {
    set.add(new ByteKey(serde.serialize(extract.apply(value))));
    return set;
  }

  @Override
  public TreeSet<ByteKey> merge(TreeSet<ByteKey> left, TreeSet<ByteKey> right) {
    left.addAll(right);
    return left;
  }

  @Override
  public Long result(TreeSet<ByteKey> set) {
    return (long) set.size();
  }

  @Override
  public Serde<TreeSet<ByteKey>> accumulatorSerde() {
    return SET_SERDE;
  }
}
