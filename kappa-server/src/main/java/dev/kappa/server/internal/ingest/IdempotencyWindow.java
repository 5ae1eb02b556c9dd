package dev.kappa.server.internal.ingest;

import dev.kappa.log.Header;
import dev.kappa.log.Log;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ids ({@link EventId}) of one stream's recent events, each with where it landed, so a retry
 * gets the original offsets instead of a second append.
 *
 * <p>The id travels in the record itself (headers {@value #HEADER} and {@value
 * EventId#DIGEST_HEADER}), written in the same fsynced append as the event, so there is no window
 * in which an event is durable but its id is not: after a restart the window is rebuilt from the
 * newest records of the stream and its dead-letter stream. Entries leave after {@code window} (by
 * append time) or when more than {@code maxEntries} are held, oldest first.
 *
 * <p><b>Concurrency:</b> an id is {@linkplain #claim claimed} before its event is appended: the
 * claim is a pending location, completed by whoever appends the event. A concurrent request with
 * the same id finds the pending location and waits on it, outside any lock, instead of appending
 * again. A claim whose append fails is {@linkplain #release released}, so a retry appends anew.
 * Every method holds this window's monitor only for map operations, never across log I/O, so
 * requests with unrelated ids do not wait for each other's appends. ({@link #load} reads the log,
 * but runs before the window is shared.)
 *
 * <p>Thread-safe.
 */
final class IdempotencyWindow {

  static final String HEADER = "kappa-idempotency-key";

  /** Where an event landed. */
  record Location(String stream, int partition, long offset) {}

  /**
   * The location an id maps to.
   *
   * @param location where the event lands; pending until its append completes
   * @param duplicate true if another request (or an earlier event of this one) holds the id and
   *     will complete the location; false if the caller claimed it and must complete it
   */
  record Claim(CompletableFuture<Location> location, boolean duplicate) {}

  private record Entry(CompletableFuture<Location> location, long appendTime, String digest) {}

  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  IdempotencyWindow(Duration window, int maxEntries, Clock clock) {
    this.window = window;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * Claims every id at once: an id already held (durable, or pending in a concurrent request)
   * yields its location as a duplicate; any other gets a new pending location that this window
   * remembers. A null id gets a new location that is not remembered.
   *
   * @throws IdempotencyKeyReusedException if an id is held with another request digest; nothing is
   *     claimed then
   */
  synchronized List<Claim> claim(List<EventId> ids) {
    evict();
    for (EventId id : ids) {
      Entry held = id == null ? null : entries.get(id.key());
      if (held != null && !id.sameRequestAs(held.digest())) {
        throw new IdempotencyKeyReusedException(id.idempotencyKey());
      }
    }
    List<Claim> claims = new ArrayList<>(ids.size());
    long now = clock.millis();
    for (EventId id : ids) {
      Entry held = id == null ? null : entries.get(id.key());
      if (held != null) {
        claims.add(new Claim(held.location(), true));
        continue;
      }
      CompletableFuture<Location> pending = new CompletableFuture<>();
      if (id != null) {
        entries.put(id.key(), new Entry(pending, now, id.requestDigest()));
      }
      claims.add(new Claim(pending, false));
    }
    evict();
    return claims;
  }

  /** Drops a claim whose append failed, so a retry appends again. */
  synchronized void release(EventId id, CompletableFuture<Location> location) {
    Entry entry = entries.get(id.key());
    if (entry != null && entry.location() == location) {
      entries.remove(id.key());
    }
  }

  private void evict() {
    long oldest = clock.millis() - window.toMillis();
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Entry e = it.next().getValue();
      if (entries.size() <= maxEntries && e.appendTime() >= oldest) {
        break;
      }
      it.remove();
    }
  }

  /** Rebuilds the window from the newest records of {@code streams} that carry an id. */
  synchronized void load(Log log, List<String> streams) {
    long oldest = clock.millis() - window.toMillis();
    record Seen(EventId id, Location location, long appendTime) {}
    List<Seen> seen = new ArrayList<>();
    for (String stream : streams) {
      if (!log.hasStream(stream)) {
        continue;
      }
      for (PartitionInfo p : log.describeStream(stream).partitions()) {
        long from = Math.max(p.startOffset(), p.durableEnd() - maxEntries);
        while (from < p.durableEnd()) {
          ReadResult batch = log.read(stream, p.partition(), from, 1 << 20);
          batch.forEach(
              record -> {
                if (record.appendTime() < oldest) {
                  return;
                }
                EventId id = idOf(record.headers());
                if (id != null) {
                  seen.add(
                      new Seen(
                          id,
                          new Location(stream, p.partition(), record.offset()),
                          record.appendTime()));
                }
              });
          from = batch.nextOffset();
        }
      }
    }
    seen.sort(Comparator.comparingLong(Seen::appendTime));
    for (Seen s : seen) {
      entries.putIfAbsent(
          s.id().key(),
          new Entry(
              CompletableFuture.completedFuture(s.location()),
              s.appendTime(),
              s.id().requestDigest()));
    }
    evict();
  }

  /** The id a record's headers carry, or null. */
  private static EventId idOf(List<Header> headers) {
    String key = null;
    String digest = null;
    for (Header h : headers) {
      if (h.key().equals(HEADER) && h.value() != null) {
        key = new String(h.value(), StandardCharsets.UTF_8);
      } else if (h.key().equals(EventId.DIGEST_HEADER) && h.value() != null) {
        digest = new String(h.value(), StandardCharsets.US_ASCII);
      }
    }
    return key == null ? null : new EventId(key, digest);
  }
}
