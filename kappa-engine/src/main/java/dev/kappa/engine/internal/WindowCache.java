package dev.kappa.engine.internal;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Serde;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The write-back cache of a view's state: accumulators by window ("panes", by window start) and
 * then by key, so that a record updates state without a store call, closed windows leave the cache
 * whole, and a key's bytes are hashed once however many windows it falls in. Unwindowed views and
 * session windows use one pane, {@link Long#MIN_VALUE}.
 *
 * <p><b>Known absence.</b> Windows ending after {@link #absentAbove} that are not cached are not in
 * the store either, so a miss on them needs no store read. It is {@link Long#MIN_VALUE} for a new
 * view and the largest window end ever committed after a restart; evicting a pane raises it to that
 * pane's end.
 *
 * <p><b>Retention.</b> New fixed windows get an entry in the store's expiry index under their end;
 * session lists are indexed under their first session's end, moved as sessions expire.
 *
 * <p>Not thread-safe: owned by one {@link ViewTask}.
 */
final class WindowCache {

  private static final byte[] EMPTY = new byte[0];

  /**
   * One slice's (or window's) cached entries: no event reaches it once {@code end} is at or below
   * the global watermark, and it expires when {@code expiryEnd} plus the retention is.
   */
  /**
   * One window slice's entries. {@code touched} lists the entries looked up since the last commit,
   * each once: every change follows a lookup, so a commit reads only these, not the whole pane.
   */
  private record Pane(
      long start, long end, long expiryEnd, SlotTable slots, ArrayList<Slot> touched) {}

  private final StateStore store;
  private final Aggregation<Object, Object, Object> aggregation;
  private final Serde<Object> accumulatorSerde;
  private final boolean indexSessions;
  private final TreeMap<Long, Pane> panes = new TreeMap<>();

  /**
   * Entries of closed windows evicted into the pending batch with an expiry index entry, by window
   * end: the commit's expiry scan reads the store, which does not have them yet, so the commit
   * deletes those that expired meanwhile itself. Kept only with finite retention.
   */
  private final TreeMap<Long, List<byte[]>> pendingExpiry = new TreeMap<>();

  private Pane last;
  private int size;
  private long absentAbove;
  private long maxEnd = Long.MIN_VALUE;

  WindowCache(
      StateStore store,
      Aggregation<Object, Object, Object> aggregation,
      Serde<Object> accumulatorSerde,
      long absentAbove,
      boolean indexSessions) {
    this.indexSessions = indexSessions;
    this.store = store;
    this.aggregation = aggregation;
    this.accumulatorSerde = accumulatorSerde;
    this.absentAbove = absentAbove;
  }

  int size() {
    return size;
  }

  /** The largest window end ever cached. */
  long maxEnd() {
    return maxEnd;
  }

  /**
   * The entry of {@code key} in the slice at {@code start}, loaded or new.
   *
   * @param end when the slice closes (the end of its earliest window)
   * @param expiryEnd when the slice expires (the end of its latest window)
   */
  Slot slot(ByteKey key, long start, long end, long expiryEnd, boolean session) {
    Pane pane = last;
    if (pane == null || pane.start() != start) {
      pane = panes.get(start);
      if (pane == null) {
        pane = new Pane(start, end, expiryEnd, new SlotTable(), new ArrayList<>());
        panes.put(start, pane);
        maxEnd = Math.max(maxEnd, end);
      }
      last = pane;
    }
    Slot slot = pane.slots().get(key.bytes(), key.hashCode());
    if (slot == null) {
      byte[] stored = end > absentAbove ? null : store.get(StateKeys.entry(key.bytes(), start));
      Object value;
      if (session) {
        value =
            stored == null
                ? SessionList.empty()
                : SessionList.deserialize(stored, accumulatorSerde);
      } else {
        value = stored == null ? aggregation.init() : accumulatorSerde.deserialize(stored);
      }
      slot = new Slot(key.bytes(), value, stored != null);
      if (indexSessions
          && value instanceof SessionList sessions
          && !sessions.sessions().isEmpty()) {
        slot.indexedEnd = sessions.firstEnd();
      }
      pane.slots().add(slot, key.hashCode());
      size++;
    }
    if (!slot.touched) {
      slot.touched = true;
      pane.touched().add(slot);
    }
    return slot;
  }

  /**
   * Writes every changed entry to {@code batch} and marks it clean; panes ending at or before
   * {@code expiryLimit} are dropped unwritten (their stored entries are deleted through the expiry
   * index). Session lists drop their expired sessions.
   *
   * @param expiryIndex whether new fixed windows get an expiry index entry
   */
  void flush(StateBatch batch, long expiryLimit, boolean expiryIndex) {
    for (Map.Entry<Long, List<byte[]>> expired :
        pendingExpiry.headMap(expiryLimit, true).entrySet()) {
      for (byte[] entry : expired.getValue()) {
        batch.delete(entry);
        batch.delete(StateKeys.expiry(expired.getKey(), entry));
      }
    }
    pendingExpiry.clear(); // after this commit the store and its index have the rest
    for (Iterator<Pane> it = panes.values().iterator(); it.hasNext(); ) {
      Pane pane = it.next();
      if (pane.expiryEnd() <= expiryLimit) {
        remove(it, pane);
        continue;
      }
      ArrayList<Slot> touched = pane.touched();
      Slot[] dirty = new Slot[touched.size()];
      int n = 0;
      for (Slot slot : touched) {
        slot.touched = false;
        if (slot.dirty) {
          dirty[n++] = slot;
        }
      }
      touched.clear();
      KeyOrder.roughlySort(dirty, n);
      for (int i = 0; i < n; i++) {
        Slot slot = dirty[i];
        write(batch, pane, slot, expiryLimit, expiryIndex);
        slot.dirty = false;
        slot.stored = true;
      }
    }
  }

  /**
   * Moves panes of windows ending at or before {@code watermark} out of the cache, their changed
   * entries into {@code batch}. No event can reach a closed window any more (a non-late event's
   * windows end after its partition's watermark, so after the global one), so they only cost
   * memory; the cache keeps the open windows, the hot ones.
   */
  void evictClosed(long watermark, long expiryLimit, StateBatch batch, boolean expiryIndex) {
    for (Map.Entry<Long, Pane> first;
        (first = panes.firstEntry()) != null && first.getValue().end() <= watermark; ) {
      Pane pane = first.getValue();
      List<byte[]> written = expiryIndex ? new ArrayList<>() : null;
      // An expired pane is dropped unwritten: its stored entries go with the expiry index.
      Slot[] entries = new Slot[pane.slots().size()];
      int n = pane.slots().copyTo(entries, false);
      KeyOrder.roughlySort(entries, n);
      for (int i = 0; i < n; i++) {
        Slot slot = entries[i];
        if (slot.dirty && pane.expiryEnd() > expiryLimit) {
          byte[] entry = write(batch, pane, slot, Long.MIN_VALUE, expiryIndex);
          if (written != null) {
            written.add(entry);
          }
        }
      }
      if (written != null && !written.isEmpty()) {
        pendingExpiry.computeIfAbsent(pane.expiryEnd(), end -> new ArrayList<>()).addAll(written);
      }
      remove(null, pane);
    }
  }

  /**
   * Drops everything, changed or not; what was not flushed is lost (a rollback, or after a commit).
   */
  void evictAll() {
    pendingExpiry.clear();
    for (Pane pane : panes.values()) {
      absentAbove = Math.max(absentAbove, pane.end());
    }
    panes.clear();
    last = null;
    size = 0;
  }

  /**
   * Writes one changed entry to {@code batch}; returns its store key, or null if it had no need to
   * build it (a plain accumulator without an expiry index, the common case).
   */
  private byte[] write(
      StateBatch batch, Pane pane, Slot slot, long expiryLimit, boolean expiryIndex) {
    if (!expiryIndex && slot.value != null && !(slot.value instanceof SessionList)) {
      batch.putEntry(slot.key, pane.start(), accumulatorSerde.serialize(slot.value));
      return null;
    }
    byte[] entry = StateKeys.entry(slot.key, pane.start());
    if (slot.value == null) { // a processor cleared its state
      batch.delete(entry);
      return entry;
    }
    if (slot.value instanceof SessionList sessions) {
      boolean any = sessions.expire(expiryLimit);
      if (any) {
        batch.put(entry, sessions.serialize(accumulatorSerde));
      } else {
        batch.delete(entry);
      }
      reindex(batch, entry, slot, any && indexSessions ? sessions.firstEnd() : Slot.NOT_INDEXED);
      return entry;
    }
    batch.put(entry, accumulatorSerde.serialize(slot.value));
    if (!slot.stored && expiryIndex) {
      batch.put(StateKeys.expiry(pane.expiryEnd(), entry), EMPTY);
    }
    return entry;
  }

  /**
   * Keeps a session list in the retention index under its first (earliest-ending) session's end, so
   * that a commit finds lists with expired sessions even if their key saw no new event.
   */
  private static void reindex(StateBatch batch, byte[] entry, Slot slot, long firstEnd) {
    if (firstEnd == slot.indexedEnd) {
      return;
    }
    if (slot.indexedEnd != Slot.NOT_INDEXED) {
      batch.delete(StateKeys.expiry(slot.indexedEnd, entry));
    }
    if (firstEnd != Slot.NOT_INDEXED) {
      batch.put(StateKeys.expiry(firstEnd, entry), EMPTY);
    }
    slot.indexedEnd = firstEnd;
  }

  private void remove(Iterator<Pane> it, Pane pane) {
    if (it != null) {
      it.remove();
    } else {
      panes.remove(pane.start());
    }
    if (last == pane) {
      last = null;
    }
    size -= pane.slots().size();
    absentAbove = Math.max(absentAbove, pane.end());
  }
}
