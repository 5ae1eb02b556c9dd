package dev.kappa.engine;

import java.nio.ByteBuffer;

/**
 * A sum whose accumulator is mutated in place, that throws on a poison item after adding it: a
 * record left half-applied unless the engine rolls back. Thread-safe.
 */
record HalfWaySum(String poison) implements Aggregation<Payload, long[], Long> {

  @Override
  public long[] init() {
    return new long[1];
  }

  @Override
  public long[] add(long[] sum, Payload value, Origin origin) {
    sum[0] += value.amount();
    if (value.item().equals(poison)) {
      throw new IllegalStateException("poison item " + poison + " after updating the sum");
    }
    return sum;
  }

  @Override
  public long[] merge(long[] left, long[] right) {
    left[0] += right[0];
    return left;
  }

  @Override
  public Long result(long[] sum) {
    return sum[0];
  }

  @Override
  public Serde<long[]> accumulatorSerde() {
    return new Serde<>() {
      @Override
      public byte[] serialize(long[] sum) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sum[0]).array();
      }

      @Override
      public long[] deserialize(byte[] bytes) {
        return new long[] {ByteBuffer.wrap(bytes).getLong()};
      }
    };
  }
}
