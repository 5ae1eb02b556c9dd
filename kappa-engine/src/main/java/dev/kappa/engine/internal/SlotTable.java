package dev.kappa.engine.internal;

import java.util.Arrays;

/**
 * One pane's cached entries by key: an open-addressing hash table with linear probing, its hashes
 * and its {@link Slot}s in two parallel arrays, with entries only added (a pane leaves the cache
 * whole, so there are no deletions and no tombstones).
 *
 * <p>Why not a {@code HashMap<ByteKey, Slot>}: with a million keys every lookup misses the CPU
 * caches, and a map lookup is a chain of dependent loads (bucket, node, key object, key bytes, then
 * the slot). Here the hash array is probed without touching any entry, and the slot at the matching
 * position holds its own key bytes, so a lookup is the hash, the slot, then its key and value. It
 * also saves the node and key objects, about 56 bytes an entry, which the collector no longer
 * copies.
 *
 * <p><b>Invariants.</b> The capacity is a power of two and at least twice the size; {@code
 * hashes[i] == 0} exactly where {@code slots[i] == null} (a zero hash is stored as one). Iteration
 * order is the table's, which depends only on the keys added and their order, never on identity
 * hashes or timing.
 *
 * <p>Not thread-safe.
 */
final class SlotTable {

  private static final int INITIAL_CAPACITY = 16;

  private int[] hashes = new int[INITIAL_CAPACITY];
  private Slot[] slots = new Slot[INITIAL_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  /** The slot of {@code key}, whose {@link ByteKey#hash} is {@code hash}, or null. */
  Slot get(byte[] key, int hash) {
    int h = stored(hash);
    int mask = hashes.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int at = hashes[i];
      if (at == 0) {
        return null;
      }
      if (at == h) {
        Slot slot = slots[i];
        if (Arrays.equals(slot.key, key)) {
          return slot;
        }
      }
    }
  }

  /** Adds {@code slot}, whose key is not in the table yet and hashes to {@code hash}. */
  void add(Slot slot, int hash) {
    if (2 * (size + 1) > hashes.length) {
      grow();
    }
    insert(hashes, slots, stored(hash), slot);
    size++;
  }

  /**
   * Copies the slots, or only the changed ones if {@code dirtyOnly}, to the start of {@code into},
   * which has room for {@link #size} of them, in table order; returns how many it copied.
   */
  int copyTo(Slot[] into, boolean dirtyOnly) {
    int n = 0;
    for (Slot slot : slots) {
      if (slot != null && (!dirtyOnly || slot.dirty)) {
        into[n++] = slot;
      }
    }
    return n;
  }

  private void grow() {
    int capacity = hashes.length * 2;
    int[] newHashes = new int[capacity];
    Slot[] newSlots = new Slot[capacity];
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != 0) {
        insert(newHashes, newSlots, hashes[i], slots[i]);
      }
    }
    hashes = newHashes;
    slots = newSlots;
  }

  private static void insert(int[] hashes, Slot[] slots, int h, Slot slot) {
    int mask = hashes.length - 1;
    int i = h & mask;
    while (hashes[i] != 0) {
      i = (i + 1) & mask;
    }
    hashes[i] = h;
    slots[i] = slot;
  }

  /** Zero marks a free position, so a zero hash is stored as one. */
  private static int stored(int hash) {
    return hash == 0 ? 1 : hash;
  }
}
