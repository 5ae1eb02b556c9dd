package dev.kappa.server;

import dev.kappa.server.OnDemandEvents.Click;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Computes on-demand query answers straight from the generated events, written apart from the
 * server's code: plain loops over the events, windows from their definitions, exact decimal sums.
 */
final class OnDemandReference {

  /** One key and window; {@code start}/{@code end} are ISO-8601 or null when unwindowed. */
  record Cell(String key, String start, String end) {}

  private OnDemandReference() {}

  static LongFunction<List<long[]>> tumbling(long size) {
    return t ->
        List.of(new long[] {Math.floorDiv(t, size) * size, Math.floorDiv(t, size) * size + size});
  }

  static LongFunction<List<long[]>> hopping(long size, long advance) {
    return t -> {
      List<long[]> windows = new ArrayList<>();
      for (long s = Math.floorDiv(t, advance) * advance; s > t - size; s -= advance) {
        windows.add(new long[] {s, s + size});
      }
      return windows;
    };
  }

  static LongFunction<List<long[]>> none() {
    return t -> List.of(new long[0]);
  }

  /**
   * The events of {@code [from, to)} that {@code keep} accepts, by key (null: one group) and
   * window, in key then window order.
   */
  static TreeMap<Cell, List<Click>> cells(
      List<Click> clicks,
      long from,
      long to,
      Function<Click, String> key,
      Predicate<Click> keep,
      LongFunction<List<long[]>> windows) {
    TreeMap<Cell, List<Click>> cells =
        new TreeMap<>(
            Comparator.comparing(
                    Cell::key, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(
                    Cell::start, Comparator.nullsFirst(Comparator.<String>naturalOrder())));
    for (Click c : clicks) {
      if (c.time() < from || c.time() >= to || !keep.test(c)) {
        continue;
      }
      String k = key == null ? null : key.apply(c);
      for (long[] w : windows.apply(c.time())) {
        Cell cell = w.length == 0 ? new Cell(k, null, null) : new Cell(k, iso(w[0]), iso(w[1]));
        cells.computeIfAbsent(cell, x -> new ArrayList<>()).add(c);
      }
    }
    return cells;
  }

  /**
   * Session windows per key: an event at t opens [t, t + gap); windows that overlap or touch merge.
   */
  static TreeMap<Cell, List<Click>> sessions(
      List<Click> clicks, long from, long to, Function<Click, String> key, long gap) {
    Map<String, List<Click>> byKey = new TreeMap<>();
    for (Click c : clicks) {
      if (c.time() >= from && c.time() < to) {
        byKey.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c);
      }
    }
    TreeMap<Cell, List<Click>> cells =
        new TreeMap<>(Comparator.comparing(Cell::key).thenComparing(Cell::start));
    byKey.forEach(
        (k, list) -> {
          list.sort(Comparator.comparingLong(Click::time));
          List<Click> session = new ArrayList<>();
          long start = 0;
          long end = Long.MIN_VALUE;
          for (Click c : list) {
            if (!session.isEmpty() && c.time() > end) {
              cells.put(new Cell(k, iso(start), iso(end)), session);
              session = new ArrayList<>();
            }
            if (session.isEmpty()) {
              start = c.time();
              end = c.time() + gap;
            }
            session.add(c);
            end = Math.max(end, c.time() + gap);
          }
          if (!session.isEmpty()) {
            cells.put(new Cell(k, iso(start), iso(end)), session);
          }
        });
    return cells;
  }

  static long count(List<Click> clicks) {
    return clicks.size();
  }

  /**
   * The exact sum of the amounts as the doubles a JSON parser reads (the engine's semantics: exact
   * over the doubles, rounded once).
   */
  static BigDecimal exactSum(List<Click> clicks) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Click c : clicks) {
      sum = sum.add(new BigDecimal(Double.parseDouble(c.amount().toPlainString())));
    }
    return sum;
  }

  static double sum(List<Click> clicks) {
    return exactSum(clicks).doubleValue();
  }

  static double avg(List<Click> clicks) {
    return exactSum(clicks).doubleValue() / clicks.size();
  }

  static double max(List<Click> clicks) {
    return clicks.stream()
        .map(Click::amount)
        .max(Comparator.naturalOrder())
        .orElseThrow()
        .doubleValue();
  }

  static long distinctUsers(List<Click> clicks) {
    HashSet<String> users = new HashSet<>();
    clicks.forEach(c -> users.add(c.user()));
    return users.size();
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
