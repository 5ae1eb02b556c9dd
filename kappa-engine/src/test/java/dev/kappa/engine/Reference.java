package dev.kappa.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a view should compute, worked out the slow and obvious way, independently of the engine:
 * each partition is walked in offset order with its own watermark (its largest event time so far,
 * this record's included, minus the allowed lateness); a record is late when any window it falls in
 * ends at or before that watermark, and then counts in none (sessions: when its time is below it);
 * records the view's code rejects count for nothing, not even the watermark. Sessions are cut
 * afterwards from the counted events of each key: sort their times, split where two neighbours are
 * more than the gap apart. Not thread-safe.
 */
final class Reference {

  /** One counted element and its origin. */
  record Element(Payload payload, Origin origin) {}

  /** Everything the view should show after all inputs. */
  record Outcome(
      Map<String, TreeMap<Window, List<Element>>> windows,
      List<Input> late,
      List<Input> errors,
      long[] maxTime,
      long[] nextOffset,
      long watermark,
      long processed) {

    /**
     * The expected scan: keys in order, windows by start, {@code result} of each window's elements;
     * windows with {@code end + retentionMs <= watermark} are gone.
     */
    <R> List<WindowResult<String, R>> results(Function<List<Element>, R> result, long retentionMs) {
      List<WindowResult<String, R>> out = new ArrayList<>();
      windows.forEach(
          (key, byWindow) ->
              byWindow.forEach(
                  (window, elements) -> {
                    boolean expired =
                        retentionMs != Long.MAX_VALUE
                            && watermark != Long.MIN_VALUE
                            && window.end() <= watermark - retentionMs;
                    if (!expired) {
                      out.add(
                          new WindowResult<>(
                              key, window, result.apply(elements), window.end() <= watermark));
                    }
                  }));
      return out;
    }
  }

  private static final Comparator<Window> BY_START = Comparator.comparingLong(Window::start);

  private Reference() {}

  /**
   * @param window the view's window, or null for none
   * @param rejected the records whose decoding, steps, key or aggregation throw
   */
  static Outcome compute(
      List<List<Input>> partitions, WindowSpec window, long lateness, Predicate<Input> rejected) {
    return compute(partitions, window, lateness, rejected, input -> false);
  }

  /**
   * @param failsLate records rejected only when folded (an aggregation throws): unlike records
   *     rejected while decoding or keying, their event time counts for the watermark
   */
  static Outcome compute(
      List<List<Input>> partitions,
      WindowSpec window,
      long lateness,
      Predicate<Input> rejected,
      Predicate<Input> failsLate) {
    Map<String, TreeMap<Window, List<Element>>> windows = new TreeMap<>();
    Map<String, List<Element>> sessionEvents = new TreeMap<>();
    List<Input> late = new ArrayList<>();
    List<Input> errors = new ArrayList<>();
    long[] maxTime = new long[partitions.size()];
    Arrays.fill(maxTime, Long.MIN_VALUE);
    long[] nextOffset = new long[partitions.size()];
    long processed = 0;
    for (List<Input> partition : partitions) {
      for (Input input : partition) {
        processed++;
        int p = input.partition();
        nextOffset[p] = input.offset() + 1;
        if (failsLate.test(input)) {
          maxTime[p] = Math.max(maxTime[p], input.time());
          errors.add(input);
          continue;
        }
        if (rejected.test(input)) {
          errors.add(input);
          continue;
        }
        maxTime[p] = Math.max(maxTime[p], input.time());
        long watermark = maxTime[p] - lateness;
        Element element =
            new Element(input.payload(), new Origin(input.time(), 0, p, input.offset(), 0));
        String key = input.payload().key();
        if (window instanceof WindowSpec.Session) {
          if (input.time() < watermark) {
            late.add(input);
          } else {
            sessionEvents.computeIfAbsent(key, k -> new ArrayList<>()).add(element);
          }
          continue;
        }
        List<Window> all = windowsOf(window, input.time());
        if (all.stream().anyMatch(w -> w.end() <= watermark)) {
          late.add(input);
          continue;
        }
        for (Window w : all) {
          windows
              .computeIfAbsent(key, k -> new TreeMap<>(BY_START))
              .computeIfAbsent(w, k -> new ArrayList<>())
              .add(element);
        }
      }
    }
    sessionEvents.forEach(
        (key, events) -> windows.put(key, sessions(events, ((WindowSpec.Session) window).gapMs())));
    long watermark = Long.MAX_VALUE;
    for (long max : maxTime) {
      watermark = Math.min(watermark, max == Long.MIN_VALUE ? Long.MIN_VALUE : max - lateness);
    }
    return new Outcome(windows, late, errors, maxTime, nextOffset, watermark, processed);
  }

  /** Every window containing {@code time}, by brute force over the candidate starts. */
  static List<Window> windowsOf(WindowSpec window, long time) {
    return switch (window) {
      case null -> List.of(Window.GLOBAL);
      case WindowSpec.Tumbling t -> {
        long start = Math.floorDiv(time, t.sizeMs()) * t.sizeMs();
        yield List.of(new Window(start, start + t.sizeMs()));
      }
      case WindowSpec.Hopping h -> {
        List<Window> out = new ArrayList<>();
        long first = Math.floorDiv(time - h.sizeMs(), h.advanceMs());
        for (long k = first; k <= Math.floorDiv(time, h.advanceMs()); k++) {
          Window w = new Window(k * h.advanceMs(), k * h.advanceMs() + h.sizeMs());
          if (w.contains(time)) {
            out.add(w);
          }
        }
        yield out;
      }
      case WindowSpec.Session s -> throw new IllegalArgumentException("sessions are cut later");
    };
  }

  /** Sorts by time and splits where neighbours are more than {@code gap} apart. */
  static TreeMap<Window, List<Element>> sessions(List<Element> events, long gap) {
    List<Element> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(e -> e.origin().eventTime()));
    TreeMap<Window, List<Element>> out = new TreeMap<>(BY_START);
    List<Element> current = new ArrayList<>();
    for (Element e : sorted) {
      long t = e.origin().eventTime();
      if (!current.isEmpty() && t - current.getLast().origin().eventTime() > gap) {
        close(out, current, gap);
        current = new ArrayList<>();
      }
      current.add(e);
    }
    if (!current.isEmpty()) {
      close(out, current, gap);
    }
    return out;
  }

  private static void close(TreeMap<Window, List<Element>> out, List<Element> session, long gap) {
    long start = session.getFirst().origin().eventTime();
    long end = session.getLast().origin().eventTime() + gap;
    out.put(new Window(start, end), session);
  }
}
