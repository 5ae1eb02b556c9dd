package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serving queries of {@link ViewState}: key ranges and prefixes page by page, a key's windows
 * in a time range, and top-N; each checked against a count folded here from the raw events, with
 * the engine's documented key order (shorter keys first, then unsigned bytes) written out anew.
 */
class ViewStateQueryTest {

  private static final long SIZE = 1_000;
  private static final long ADVANCE = 250;
  private static final List<String> KEYS =
      List.of("a", "b", "ab", "ac", "abc", "abd", "abz", "b-1", "abcd", "zz", "ab-long-key");

  static Stream<Long> seeds() {
    return Seeds.seeds().boxed();
  }

  /** One event: a key at a time. */
  private record Event(String key, long time) {}

  /** The reference: (key, window start) → count, ordered as the engine orders results. */
  private static TreeMap<Entry, Long> reference(List<Event> events, boolean hopping) {
    TreeMap<Entry, Long> counts = new TreeMap<>();
    for (Event e : events) {
      long advance = hopping ? ADVANCE : SIZE;
      for (long w = Math.floorDiv(e.time(), advance) * advance; w > e.time() - SIZE; w -= advance) {
        counts.merge(new Entry(e.key(), w), 1L, Long::sum);
      }
    }
    return counts;
  }

  private record Entry(String key, long start) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      byte[] a = key.getBytes(StandardCharsets.UTF_8);
      byte[] b = o.key.getBytes(StandardCharsets.UTF_8);
      int c =
          a.length != b.length
              ? Integer.compare(a.length, b.length)
              : java.util.Arrays.compareUnsigned(a, b);
      return c != 0 ? c : Long.compare(start, o.start);
    }
  }

  private static ViewState<String, Long> run(List<Event> events, boolean hopping) {
    WindowSpec window =
        hopping ? new WindowSpec.Hopping(SIZE, ADVANCE) : new WindowSpec.Tumbling(SIZE);
    View<String, Long> view =
        View.named("q")
            .from("s", Decoders.utf8())
            .keyBy(text -> text, Serdes.string())
            .window(window)
            .aggregate(Aggregations.count());
    ViewProcessor<String, Long> processor = ViewProcessor.inMemory(view, Map.of("s", 1));
    long offset = 0;
    for (Event e : events) {
      processor.process(
          "s",
          new LogRecord(
              0,
              offset++,
              e.time(),
              e.time(),
              null,
              e.key().getBytes(StandardCharsets.UTF_8),
              List.of()));
    }
    processor.commit();
    return processor.state();
  }

  private static List<Event> events(Random random) {
    List<Event> events = new ArrayList<>();
    long time = 10_000;
    for (int i = 0; i < 400; i++) {
      time += random.nextInt(60); // in order: nothing is late
      events.add(new Event(KEYS.get(random.nextInt(KEYS.size())), time));
    }
    return events;
  }

  private static Map<Entry, Long> asMap(List<WindowResult<String, Long>> results) {
    Map<Entry, Long> out = new java.util.LinkedHashMap<>();
    results.forEach(r -> out.put(new Entry(r.key(), r.window().start()), r.value()));
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void range_pageByPage_givesTheKeysInRangeInOrder(long seed) {
    Random random = new Random(seed);
    List<Event> events = events(random);
    ViewState<String, Long> state = run(events, random.nextBoolean());
    TreeMap<Entry, Long> reference = reference(events, windowed(state));
    String from = "ab";
    String to = "b-1";
    Map<Entry, Long> expected = new java.util.LinkedHashMap<>();
    reference.forEach(
        (e, c) -> {
          if (new Entry(from, Long.MIN_VALUE).compareTo(e) <= 0
              && e.compareTo(new Entry(to, Long.MIN_VALUE)) < 0) {
            expected.put(e, c);
          }
        });
    int limit = 1 + random.nextInt(7);
    List<WindowResult<String, Long>> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ResultPage<String, Long> page = state.range(from, to, cursor, limit);
      assertThat(page.results().size()).as("seed %d", seed).isLessThanOrEqualTo(limit);
      assertThat(page.progress().partitions().getFirst().nextOffset()).isEqualTo(events.size());
      all.addAll(page.results());
      cursor = page.next();
      pages++;
    } while (cursor != null && pages < 10_000);
    assertThat(asMap(all)).as("seed %d, limit %d", seed, limit).containsExactlyEntriesOf(expected);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void prefix_pageByPage_givesEveryKeyWithThePrefixOverAllLengths(long seed) {
    Random random = new Random(seed);
    List<Event> events = events(random);
    ViewState<String, Long> state = run(events, false);
    Map<Entry, Long> expected = new java.util.LinkedHashMap<>();
    reference(events, false)
        .forEach(
            (e, c) -> {
              if (e.key().startsWith("ab")) {
                expected.put(e, c);
              }
            });
    int limit = 1 + random.nextInt(5);
    List<WindowResult<String, Long>> all = new ArrayList<>();
    String cursor = null;
    do {
      ResultPage<String, Long> page =
          state.prefix("ab".getBytes(StandardCharsets.UTF_8), cursor, limit);
      all.addAll(page.results());
      cursor = page.next();
    } while (cursor != null);
    assertThat(asMap(all)).as("seed %d, limit %d", seed, limit).containsExactlyEntriesOf(expected);
    assertThat(state.prefix("q".getBytes(StandardCharsets.UTF_8), null, 10).results()).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void lookup_givesTheKeysWindowsStartingInTheRange(long seed) {
    Random random = new Random(seed);
    List<Event> events = events(random);
    ViewState<String, Long> state = run(events, true);
    String key = KEYS.get(random.nextInt(KEYS.size()));
    long from = 10_000 + random.nextInt(20) * ADVANCE - 100;
    long to = from + random.nextInt(40) * 100;
    Map<Entry, Long> expected = new java.util.LinkedHashMap<>();
    reference(events, true)
        .forEach(
            (e, c) -> {
              if (e.key().equals(key) && e.start() >= from && e.start() < to) {
                expected.put(e, c);
              }
            });
    ResultPage<String, Long> page = state.lookup(key, from, to, 1_000);
    assertThat(asMap(page.results()))
        .as("seed %d: %s in [%d, %d)", seed, key, from, to)
        .containsExactlyEntriesOf(expected);
    assertThat(page.next()).isNull();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void top_givesTheLargestResultsTiesInKeyOrder(long seed) {
    Random random = new Random(seed);
    List<Event> events = events(random);
    ViewState<String, Long> state = run(events, false);
    int n = 1 + random.nextInt(8);
    List<Map.Entry<Entry, Long>> ranked = new ArrayList<>(reference(events, false).entrySet());
    // Stable sort: entries of equal count keep the engine's key order.
    ranked.sort(Map.Entry.<Entry, Long>comparingByValue(Comparator.reverseOrder()));
    Map<Entry, Long> expected = new java.util.LinkedHashMap<>();
    ranked.stream().limit(n).forEach(e -> expected.put(e.getKey(), e.getValue()));
    ResultPage<String, Long> top = state.top(n, Comparator.naturalOrder());
    assertThat(asMap(top.results()))
        .as("seed %d, n %d", seed, n)
        .containsExactlyEntriesOf(expected);
  }

  @org.junit.jupiter.api.Test
  void top_whenToldToStop_stopsWithCancellation_andWithoutIsComplete() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 9_000; i++) {
      events.add(new Event("k" + i, 10_000 + i)); // 9,000 results: past two checks
    }
    ViewState<String, Long> state = run(events, false);
    int[] asked = {0};
    assertThatThrownBy(
            () ->
                state.top(
                    3,
                    Comparator.naturalOrder(),
                    () -> {
                      asked[0]++;
                      return false;
                    }))
        .isInstanceOf(java.util.concurrent.CancellationException.class)
        .hasMessageContaining("stopped after 4096 results");
    assertThat(asked[0]).isEqualTo(1);
    assertThat(state.top(3, Comparator.naturalOrder(), () -> true).results()).hasSize(3);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void range_withAForeignCursor_isRefused(long seed) {
    ViewState<String, Long> state = run(events(new Random(seed)), false);
    assertThatThrownBy(() -> state.range(null, null, "not a cursor!", 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a page cursor");
  }

  private static boolean windowed(ViewState<String, Long> state) {
    List<WindowResult<String, Long>> some = state.scan(2);
    return some.size() == 2
        && some.get(1).key().equals(some.get(0).key())
        && some.get(1).window().start() - some.get(0).window().start() == ADVANCE;
  }
}
