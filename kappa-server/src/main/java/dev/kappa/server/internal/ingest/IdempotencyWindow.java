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
 * The ids (CloudEvents {@code source}+{@code id}, or {@code Idempotency-Key}+index) of one stream's
 * recent events, each with where it landed, so a retry gets the original offsets instead of a
 * second append.
 *
 * <p>The id travels in the record itself (header {@value #HEADER}), written in the same fsynced
 * append as the event, so there is no window in which an event is durable but its id is not: after
 * a restart the window is rebuilt from the newest records of the stream and its dead-letter stream.
 * Entries leave after {@code window} (by append time) or when more than {@code maxEntries} are
 * held, oldest first.
 *
 * <p>Not thread-safe: the {@link Ingestor} guards each window with its monitor.
 */
final class IdempotencyWindow {

  static final String HEADER = "kappa-idempotency-key";

  /** Where an event landed. */
  record Location(String stream, int partition, long offset) {}

  private record Entry(CompletableFuture<Location> location, long appendTime) {}

  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  IdempotencyWindow(Duration window, int maxEntries, Clock clock) {
    this.window = window;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The location of an event seen before (possibly still being appended), or null. */
  CompletableFuture<Location> find(String key) {
    evict();
    Entry entry = entries.get(key);
    return entry == null ? null : entry.location();
  }

  void remember(String key, CompletableFuture<Location> location) {
    entries.put(key, new Entry(location, clock.millis()));
    evict();
  }

  /** Drops a reservation whose append failed, so a retry appends again. */
  void forget(String key, CompletableFuture<Location> location) {
    Entry entry = entries.get(key);
    if (entry != null && entry.location() == location) {
      entries.remove(key);
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
  void load(Log log, List<String> streams) {
    long oldest = clock.millis() - window.toMillis();
    record Seen(String key, Location location, long appendTime) {}
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
                for (Header h : record.headers()) {
                  if (h.key().equals(HEADER) && h.value() != null) {
                    String key = new String(h.value(), StandardCharsets.UTF_8);
                    seen.add(
                        new Seen(
                            key,
                            new Location(stream, p.partition(), record.offset()),
                            record.appendTime()));
                  }
                }
              });
          from = batch.nextOffset();
        }
      }
    }
    seen.sort(Comparator.comparingLong(Seen::appendTime));
    for (Seen s : seen) {
      entries.putIfAbsent(
          s.key(), new Entry(CompletableFuture.completedFuture(s.location()), s.appendTime()));
    }
    evict();
  }
}
