package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StateBatch}: a state entry put in place encodes exactly as the general put. */
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
}
