package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StateBatch}: a state entry put in place encodes exactly as the general put; detached
 * batches keep their operations while the batch goes on in a released buffer.
 */
class StateBatchTest {

  @Test
  void putEntry_sameBytesAsPutOfTheEntryKey() {
    StateBatch general = new StateBatch();
    StateBatch inPlace = new StateBatch();
    long[] starts = {Long.MIN_VALUE, -1, 0, 1, 1_700_000_000_000L, Long.MAX_VALUE};
    for (int length : new int[] {0, 1, 8, 127, 200}) {
      byte[] key = new byte[length];
      for (int i = 0; i < length; i++) {
        key[i] = (byte) (i * 31 + length);
      }
      for (long start : starts) {
        byte[] value = new byte[length % 7];
        general.put(StateKeys.entry(key, start), value);
        inPlace.putEntry(key, start, value);
      }
    }
    assertThat(inPlace.toBytes()).isEqualTo(general.toBytes());
    List<byte[]> keys = new ArrayList<>();
    inPlace.forEach((key, value) -> keys.add(key));
    assertThat(StateKeys.entryStart(keys.get(1))).isEqualTo(-1);
  }

  @Test
  void detach_afterRelease_goesOnInTheReleasedBuffer_withoutMixingOperations() {
    StateBatch batch = new StateBatch();
    for (int i = 0; i < 5_000; i++) {
      batch.put(new byte[] {1, (byte) i}, new byte[100]);
    }
    StateBatch first = batch.detach();
    byte[] firstBytes = first.toBytes();
    int grown = first.capacity();
    first.release();

    batch.put(new byte[] {7}, new byte[] {8});
    StateBatch second = batch.detach();
    batch.put(new byte[] {9}, new byte[] {10});
    StateBatch third = batch.detach();

    assertThat(third.capacity()).as("the batch went on in the released buffer").isEqualTo(grown);
    assertThat(second.capacity())
        .as("detached before the release reached the batch: a fresh buffer")
        .isLessThan(grown);
    assertThat(ops(second)).containsExactly("[7]=8");
    assertThat(ops(third)).as("nothing left of the first batch").containsExactly("[9]=10");
    assertThat(third.toBytes()).hasSize(StateBatch.HEADER + 1 + 1 + 1 + 1 + 1);
    assertThat(firstBytes).hasSizeGreaterThan(5_000 * 100);
  }

  private static List<String> ops(StateBatch batch) {
    List<String> ops = new ArrayList<>();
    batch.forEach((key, value) -> ops.add(java.util.Arrays.toString(key) + "=" + value[0]));
    return ops;
  }
}
