package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stream–table and stream–stream joins against a direct computation: every on-time record of both
 * streams sorted by (event time, stream, partition, offset), kept while below the final global
 * watermark; table rows apply to what comes after them; pairs of a windowed join are the on-time
 * left and right records of one key at most the window apart. Fed in random interleavings with
 * random commits, so the results must also not depend on those.
 */
class JoinReferenceTest {

  private static final String ORDERS = "orders";
  private static final String TIERS = "tiers";
  private static final String CLICKS = "clicks";
  private static final long LATENESS_MS = 200;
  private static final long WITHIN_MS = 150;

  /** One generated record: stream, position, time, key and value (null value: tombstone). */
  private record Rec(
      String stream, int source, int partition, long offset, long time, String key, String value) {

    LogRecord toLogRecord() {
      byte[] v = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
      return new LogRecord(
          partition, offset, time, time, key.getBytes(StandardCharsets.UTF_8), v, List.of());
    }
  }

  private static List<List<Rec>> generate(
      Random random, String stream, int source, int partitions, int perPartition, boolean table) {
    List<List<Rec>> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Rec> records = new ArrayList<>();
      long cursor = 1_000_000 + random.nextInt(500);
      for (int offset = 0; offset < perPartition; offset++) {
        cursor += random.nextInt(80);
        long time = random.nextDouble() < 0.1 ? cursor - random.nextInt(600) : cursor;
        time = time / 10 * 10;
        String key = "k" + random.nextInt(6);
        String value =
            table
                ? (random.nextInt(8) == 0 ? null : "tier" + random.nextInt(3))
                : Integer.toString(random.nextInt(1000));
        records.add(new Rec(stream, source, p, offset, time, key, value));
      }
      all.add(records);
    }
    return all;
  }

  /** On-time records (by their partition's watermark) and the final global watermark. */
  private record OnTime(List<Rec> records, long watermark, int late) {

    static OnTime of(List<List<Rec>> partitions) {
      List<Rec> onTime = new ArrayList<>();
      long watermark = Long.MAX_VALUE;
      int late = 0;
      for (List<Rec> partition : partitions) {
        long max = Long.MIN_VALUE;
        for (Rec r : partition) {
          max = Math.max(max, r.time());
          if (r.time() < max - LATENESS_MS) {
            late++;
          } else {
            onTime.add(r);
          }
        }
        watermark = Math.min(watermark, max - LATENESS_MS);
      }
      long w = watermark;
      List<Rec> released = new ArrayList<>(onTime.stream().filter(r -> r.time() < w).toList());
      released.sort(
          Comparator.comparingLong(Rec::time)
              .thenComparingInt(Rec::source)
              .thenComparingInt(Rec::partition)
              .thenComparingLong(Rec::offset));
      return new OnTime(released, watermark, late);
    }
  }

  private static final Serde<String> STRINGS = Serdes.string();

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void streamTableJoin_enrichesWithTheRowAsOfEventTime_matchingTheReference(long seed) {
    Random random = new Random(seed);
    List<List<Rec>> orders = generate(random, ORDERS, 0, 3, 200, false);
    List<List<Rec>> tiers = generate(random, TIERS, 1, 2, 60, true);
    View<String, Long> view =
        View.named("revenue-by-tier")
            .allowedLateness(Duration.ofMillis(LATENESS_MS))
            .from(ORDERS, record -> keyed(record))
            .joinTable(
                TableSource.of(TIERS, Decoders.utf8Key(), STRINGS, Decoders.utf8(), STRINGS),
                (String[] order) -> order[0],
                ARRAY,
                (String[] order, String tier) ->
                    tier == null ? null : new String[] {tier, order[1]})
            .keyBy(joined -> joined[0], STRINGS)
            .aggregate(Aggregations.sum(joined -> Long.parseLong(joined[1])));

    List<List<Rec>> all = new ArrayList<>(orders);
    all.addAll(tiers);
    OnTime expected = OnTime.of(all);
    Map<String, Long> revenue = new TreeMap<>();
    Map<String, String> tierOf = new HashMap<>();
    for (Rec r : expected.records()) {
      if (r.stream().equals(TIERS)) {
        if (r.value() == null) {
          tierOf.remove(r.key());
        } else {
          tierOf.put(r.key(), r.value());
        }
      } else if (tierOf.containsKey(r.key())) {
        revenue.merge(tierOf.get(r.key()), Long.parseLong(r.value()), Long::sum);
      }
    }

    for (int run = 0; run < 3; run++) {
      ViewState<String, Long> state =
          feed(view, all, Map.of(ORDERS, 3, TIERS, 2), new Random(seed * 31 + run), run * 0.2);
      Map<String, Long> actual = new TreeMap<>();
      state.scan(Integer.MAX_VALUE).forEach(r -> actual.put(r.key(), r.value()));
      assertThat(actual).as("seed %d, run %d", seed, run).isEqualTo(revenue);
      assertThat(state.progress().late()).as("seed %d: late", seed).isEqualTo(expected.late());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void windowedStreamJoin_pairsValuesOfOneKeyWithinTheWindow_matchingTheReference(long seed) {
    Random random = new Random(seed);
    List<List<Rec>> orders = generate(random, ORDERS, 0, 2, 150, false);
    List<List<Rec>> clicks = generate(random, CLICKS, 1, 2, 150, false);
    View.Builder builder =
        View.named("order-after-click").allowedLateness(Duration.ofMillis(LATENESS_MS));
    EventStream<String[]> left = builder.from(ORDERS, JoinReferenceTest::keyed);
    EventStream<String[]> right = builder.from(CLICKS, JoinReferenceTest::keyed);
    View<String, Long> view =
        left.join(
                right,
                Duration.ofMillis(WITHIN_MS),
                order -> order[0],
                ARRAY,
                click -> click[0],
                ARRAY,
                STRINGS,
                (order, click) -> new String[] {order[0], order[1], click[1]})
            .keyBy(pair -> pair[0], STRINGS)
            .aggregate(
                Aggregations.sum(pair -> Long.parseLong(pair[1]) * 1000 + Long.parseLong(pair[2])));

    List<List<Rec>> all = new ArrayList<>(orders);
    all.addAll(clicks);
    OnTime expected = OnTime.of(all);
    Map<String, Long> sums = new TreeMap<>();
    List<Rec> released = expected.records();
    for (Rec o : released) {
      for (Rec c : released) {
        if (o.stream().equals(ORDERS)
            && c.stream().equals(CLICKS)
            && o.key().equals(c.key())
            && Math.abs(o.time() - c.time()) <= WITHIN_MS) {
          sums.merge(
              o.key(), Long.parseLong(o.value()) * 1000 + Long.parseLong(c.value()), Long::sum);
        }
      }
    }

    for (int run = 0; run < 3; run++) {
      ViewState<String, Long> state =
          feed(view, all, Map.of(ORDERS, 2, CLICKS, 2), new Random(seed * 17 + run), run * 0.2);
      Map<String, Long> actual = new TreeMap<>();
      state.scan(Integer.MAX_VALUE).forEach(r -> actual.put(r.key(), r.value()));
      assertThat(actual).as("seed %d, run %d", seed, run).isEqualTo(sums);
    }
  }

  private static String[] keyed(dev.kappa.log.RecordView record) {
    return new String[] {
      StandardCharsets.UTF_8.decode(record.key()).toString(),
      StandardCharsets.UTF_8.decode(record.value()).toString()
    };
  }

  private static final Serde<String[]> ARRAY =
      new Serde<>() {
        @Override
        public byte[] serialize(String[] value) {
          return String.join("\u0000", value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String[] deserialize(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8).split("\u0000", -1);
        }
      };

  private static <R> ViewState<String, R> feed(
      View<String, R> view,
      List<List<Rec>> partitions,
      Map<String, Integer> counts,
      Random random,
      double commitChance) {
    ViewProcessor<String, R> processor = ViewProcessor.inMemory(view, counts);
    for (Rec r : Feed.interleave(partitions, random)) {
      processor.process(r.stream(), r.toLogRecord());
      if (random.nextDouble() < commitChance) {
        processor.commit();
      }
    }
    return processor.state();
  }
}
