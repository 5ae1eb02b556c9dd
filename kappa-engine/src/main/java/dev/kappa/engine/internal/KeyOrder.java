package dev.kappa.engine.internal;

import java.util.Arrays;

/**
 * Puts cache entries in approximately ascending key order before they are written: RocksDB inserts
 * keys into its memtable several times faster in order than at random (each insert lands next to
 * the previous one). Approximate is enough, since order only affects speed: entries are ordered by
 * four key bytes, starting where the keys first differ, and their length, with a primitive sort,
 * far cheaper than comparing byte arrays. Stateless.
 */
final class KeyOrder {

  private static final int INDEX_BITS = 24;
  private static final int SMALL = 64;

  private KeyOrder() {}

  /** Reorders the first {@code n} of {@code slots} roughly by key. */
  static void roughlySort(Slot[] slots, int n) {
    if (n < SMALL || n >= (1 << INDEX_BITS)) {
      return;
    }
    byte[] first = slots[0].key;
    int common = first.length;
    for (int i = 1; i < n && common > 0; i++) {
      byte[] key = slots[i].key;
      int mismatch = Arrays.mismatch(first, 0, common, key, 0, Math.min(common, key.length));
      if (mismatch >= 0) {
        common = mismatch;
      } else {
        common = Math.min(common, key.length);
      }
    }
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = (prefix(slots[i].key, common) << INDEX_BITS) | i;
    }
    Arrays.sort(order); // prefixes are below 2^39, so no sign trouble
    Slot[] unsorted = Arrays.copyOf(slots, n);
    for (int i = 0; i < n; i++) {
      slots[i] = unsorted[(int) (order[i] & ((1 << INDEX_BITS) - 1))];
    }
  }

  /** 39 bits: four bytes from {@code from}, big-endian, then the length (capped at 127). */
  private static long prefix(byte[] key, int from) {
    long p = 0;
    for (int i = from; i < from + 4; i++) {
      p = (p << 8) | (i < key.length ? key[i] & 0xFF : 0);
    }
    return (p << 7) | Math.min(key.length, 127);
  }
}
