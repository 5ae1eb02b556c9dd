package dev.kappa.log.internal;

import java.util.Arrays;

/**
 * An in-memory sparse index of a segment: entries {@code (key, relativeOffset, position)} sorted by
 * key, each pointing at the start of a frame. The offset index uses the relative offset as its key;
 * the time index uses the largest event time seen in the segment up to and including that frame, so
 * its keys never decrease either.
 *
 * <p>Not thread-safe for writers; appends happen under the partition's write lock. Readers see a
 * consistent prefix because {@link #size} is published last and arrays are only replaced whole.
 */
final class SparseIndex {

  private volatile long[] keys;
  private volatile int[] relativeOffsets;
  private volatile int[] positions;
  private volatile int size;

  SparseIndex() {
    this(new long[16], new int[16], new int[16], 0);
  }

  SparseIndex(long[] keys, int[] relativeOffsets, int[] positions, int size) {
    this.keys = keys;
    this.relativeOffsets = relativeOffsets;
    this.positions = positions;
    this.size = size;
  }

  int size() {
    return size;
  }

  long key(int i) {
    return keys[i];
  }

  int relativeOffset(int i) {
    return relativeOffsets[i];
  }

  int position(int i) {
    return positions[i];
  }

  /** The last entry's position, or -1 if empty. */
  int lastPosition() {
    int n = size;
    return n == 0 ? -1 : positions[n - 1];
  }

  void add(long key, int relativeOffset, int position) {
    int n = size;
    if (n == keys.length) {
      int capacity = n * 2;
      keys = Arrays.copyOf(keys, capacity);
      relativeOffsets = Arrays.copyOf(relativeOffsets, capacity);
      positions = Arrays.copyOf(positions, capacity);
    }
    keys[n] = key;
    relativeOffsets[n] = relativeOffset;
    positions[n] = position;
    size = n + 1;
  }

  /** Index of the last entry whose key is at most {@code key}, or -1. */
  int floor(long key) {
    // size first: add() publishes a grown array before the size, so entries below a size read
    // here are in whichever array is read next.
    int n = size;
    long[] k = keys;
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (k[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  /** Index of the first entry whose key is at least {@code key}, or {@link #size()}. */
  int ceiling(long key) {
    // size first: add() publishes a grown array before the size, so entries below a size read
    // here are in whichever array is read next.
    int n = size;
    long[] k = keys;
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (k[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Drops every entry at or past {@code position}. */
  void truncateFrom(int position) {
    int n = size;
    while (n > 0 && positions[n - 1] >= position) {
      n--;
    }
    size = n;
  }

  /** A copy of the first {@code count} entries. */
  SparseIndex copy(int count) {
    return new SparseIndex(
        Arrays.copyOf(keys, Math.max(count, 1)),
        Arrays.copyOf(relativeOffsets, Math.max(count, 1)),
        Arrays.copyOf(positions, Math.max(count, 1)),
        count);
  }

  /** How many leading entries point below {@code position}. */
  int countBelow(int position) {
    int n = size;
    int count = 0;
    while (count < n && positions[count] < position) {
      count++;
    }
    return count;
  }
}
