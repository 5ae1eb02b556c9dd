package dev.kappa.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random sales for {@link SalesViewProvider}'s views, and the reference fold of what those views
 * must hold after processing a log, worked out here independently of the engine, per partition in
 * offset order, by the rules {@link Clicks} states: a record's event time raises its partition's
 * maximum; a windowed record is late, and not counted, if its window ends at or before that
 * maximum; a window is closed once it ends at or before every partition's maximum (the watermark).
 */
final class Sales {

  static final long BASE = 1_714_564_800_000L; // 2024-05-01T12:00:00Z
  static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7");

  private Sales() {}

  /** One sale as it is ingested; {@code id}s are unique. */
  record Sale(long id, String key, long amount, long ts) {

    String json() {
      return String.format(
          "{\"id\":%d,\"key\":\"%s\",\"amount\":%d,\"ts\":%d}", id, key, amount, ts);
    }
  }

  /** A sale where the log holds it, with the event time the log gave it. */
  record Logged(int partition, long offset, long eventTime, Sale sale) {

    String position() {
      return partition + "@" + offset;
    }
  }

  /**
   * Draws sales with consecutive ids from 0: event times mostly move forward by up to 0.2 s, about
   * one in 12 lies up to three minutes back. Thread-safe.
   */
  static final class Generator {

    private final Random random;
    private long nextId;
    private long cursor = BASE;

    Generator(Random random) {
      this.random = random;
    }

    synchronized Sale next() {
      cursor += random.nextInt(200);
      long ts = random.nextInt(12) == 0 ? cursor - random.nextInt(180_000) : cursor;
      String key = KEYS.get(random.nextInt(KEYS.size()));
      return new Sale(nextId++, key, random.nextInt(1_000) - 100, ts);
    }
  }

  /**
   * What the views hold after processing a log.
   *
   * @param perMinute {@code key@windowStart} to the number of sales not late
   * @param amounts key to summed amount, of every sale
   * @param late how many sales were late
   * @param watermark the smallest partition maximum
   */
  record Expected(
      Map<String, Long> perMinute, Map<String, Long> amounts, long late, long watermark) {

    boolean closed(long windowStart) {
      return windowStart + SalesViewProvider.WINDOW_MS <= watermark;
    }
  }

  /** The reference fold over {@code log}, which holds each partition's records in offset order. */
  static Expected fold(List<Logged> log, int partitions) {
    long window = SalesViewProvider.WINDOW_MS;
    Map<String, Long> perMinute = new TreeMap<>();
    Map<String, Long> amounts = new TreeMap<>();
    Map<Integer, Long> max = new HashMap<>();
    long late = 0;
    for (Logged record : log) {
      Sale sale = record.sale();
      amounts.merge(sale.key(), sale.amount(), Long::sum);
      long partitionMax =
          Math.max(max.getOrDefault(record.partition(), Long.MIN_VALUE), record.eventTime());
      max.put(record.partition(), partitionMax);
      long start = Math.floorDiv(record.eventTime(), window) * window;
      if (start + window <= partitionMax) {
        late++;
      } else {
        perMinute.merge(sale.key() + "@" + start, 1L, Long::sum);
      }
    }
    long watermark =
        max.size() < partitions
            ? Long.MIN_VALUE
            : max.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    return new Expected(perMinute, amounts, late, watermark);
  }
}
