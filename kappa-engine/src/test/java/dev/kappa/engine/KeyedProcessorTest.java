package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A processor whose state depends on the order it sees elements and timers in, checked against a
 * straightforward simulation: elements and timers sorted by event time (elements first, then by
 * partition and offset; timers by key), released while below the final global watermark.
 */
class KeyedProcessorTest {

  private static final long LATENESS_MS = 300;
  private static final long GAP_MS = 250;

  /**
   * State {@code [order hash, count, last time, quiet timers]}: each element folds its amount into
   * an order-sensitive hash and sets a timer {@code GAP_MS} later; a timer that finds no later
   * element counts as a quiet period. Throws on item {@code i13}.
   */
  private static final class OrderSensitive implements KeyedProcessor<String, Payload, long[]> {

    @Override
    public void process(String key, Payload value, ProcessorContext<long[]> context) {
      if (value.item().equals("i13")) {
        throw new IllegalArgumentException("item 13 is poison");
      }
      long[] s = context.state() == null ? new long[4] : context.state();
      s[0] = s[0] * 31 + value.amount();
      s[1]++;
      s[2] = context.time();
      context.registerTimer(context.time() + GAP_MS);
      context.update(s);
    }

    @Override
    public void onTimer(String key, ProcessorContext<long[]> context) {
      long[] s = context.state();
      if (s[2] + GAP_MS == context.time()) {
        s[3]++;
        context.update(s);
      }
    }
  }

  private static final Serde<long[]> STATE =
      new Serde<>() {
        @Override
        public byte[] serialize(long[] s) {
          ByteBuffer out = ByteBuffer.allocate(32);
          for (long v : s) {
            out.putLong(v);
          }
          return out.array();
        }

        @Override
        public long[] deserialize(byte[] bytes) {
          ByteBuffer in = ByteBuffer.wrap(bytes);
          return new long[] {in.getLong(), in.getLong(), in.getLong(), in.getLong()};
        }
      };

  private static final Serde<Payload> PAYLOAD =
      new Serde<>() {
        @Override
        public byte[] serialize(Payload p) {
          return p.encode();
        }

        @Override
        public Payload deserialize(byte[] bytes) {
          return Payload.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
      };

  private static View<String, long[]> view(ViewOptions.ErrorPolicy onError) {
    return View.named("processor")
        .allowedLateness(Duration.ofMillis(LATENESS_MS))
        .onError(onError)
        .from(Input.STREAM, Decoders.utf8())
        .map(Payload::parse)
        .keyBy(Payload::key, Serdes.string())
        .process(new OrderSensitive(), PAYLOAD, STATE);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void process_seesElementsAndTimersInEventTimeOrder_matchingTheSimulation(long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 3, 300, 0.1, 1_000, 50);
    Simulation expected = Simulation.run(inputs);

    Feed.Observed<long[]> observed =
        Feed.run(view(ViewOptions.ErrorPolicy.SIDE_OUTPUT), inputs, random, 0.05);

    Map<String, List<Long>> actual = new TreeMap<>();
    for (WindowResult<String, long[]> r : observed.results()) {
      actual.put(r.key(), toList(r.value()));
    }
    assertThat(actual).as("seed %d: states", seed).isEqualTo(expected.states());
    assertThat(observed.late().stream().map(SideOutput::offset).sorted().toList())
        .as("seed %d: late offsets", seed)
        .isEqualTo(expected.late().stream().map(Input::offset).sorted().toList());
    assertThat(observed.errors()).as("seed %d: poison", seed).hasSize(expected.poison());
    assertThat(observed.errors())
        .allSatisfy(e -> assertThat(e.reason()).contains("item 13 is poison"));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void process_givesIdenticalStateForAnyInterleavingAndCommitPoints(long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 4, 200, 0.1, 1_000, 50);
    View<String, long[]> view = view(ViewOptions.ErrorPolicy.SIDE_OUTPUT);
    Map<String, List<Long>> first = states(Feed.run(view, inputs, new Random(seed + 1), 0));
    for (double commitChance : List.of(0.01, 0.3, 1.0)) {
      assertThat(states(Feed.run(view, inputs, new Random(random.nextLong()), commitChance)))
          .as("seed %d, commit chance %s", seed, commitChance)
          .isEqualTo(first);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void throwingProcessor_withFailPolicy_failsTheView(long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 2, 300, 0, 0, 1);
    assertThatThrownBy(() -> Feed.run(view(ViewOptions.ErrorPolicy.FAIL), inputs, random, 0.1))
        .as("seed %d", seed)
        .isInstanceOf(ViewFailedException.class)
        .hasMessageContaining("item 13 is poison");
  }

  private static Map<String, List<Long>> states(Feed.Observed<long[]> observed) {
    Map<String, List<Long>> out = new TreeMap<>();
    observed.results().forEach(r -> out.put(r.key(), toList(r.value())));
    return out;
  }

  private static List<Long> toList(long[] s) {
    return List.of(s[0], s[1], s[2], s[3]);
  }

  /** The processor's semantics, simulated directly. */
  private record Simulation(Map<String, List<Long>> states, List<Input> late, int poison) {

    static Simulation run(List<List<Input>> partitions) {
      List<Input> onTime = new ArrayList<>();
      List<Input> late = new ArrayList<>();
      long watermark = Long.MAX_VALUE;
      for (List<Input> partition : partitions) {
        long max = Long.MIN_VALUE;
        for (Input input : partition) {
          max = Math.max(max, input.time());
          (input.time() < max - LATENESS_MS ? late : onTime).add(input);
        }
        watermark = Math.min(watermark, max - LATENESS_MS);
      }
      onTime.sort(
          Comparator.comparingLong(Input::time)
              .thenComparingInt(Input::partition)
              .thenComparingLong(Input::offset));
      Map<String, long[]> states = new TreeMap<>();
      record Timer(long time, String key) {}
      TreeSet<Timer> timers =
          new TreeSet<>(Comparator.comparingLong(Timer::time).thenComparing(Timer::key));
      int poison = 0;
      int next = 0;
      while (true) {
        Input element = next < onTime.size() ? onTime.get(next) : null;
        Timer timer = timers.isEmpty() ? null : timers.first();
        long elementTime = element == null ? Long.MAX_VALUE : element.time();
        long timerTime = timer == null ? Long.MAX_VALUE : timer.time();
        if (elementTime < watermark && elementTime <= timerTime) {
          next++;
          Payload p = element.payload();
          if (p.item().equals("i13")) {
            poison++;
            continue;
          }
          long[] s = states.computeIfAbsent(p.key(), k -> new long[4]);
          s[0] = s[0] * 31 + p.amount();
          s[1]++;
          s[2] = element.time();
          timers.add(new Timer(element.time() + GAP_MS, p.key()));
        } else if (timerTime < watermark) {
          timers.pollFirst();
          long[] s = states.get(timer.key());
          if (s[2] + GAP_MS == timer.time()) {
            s[3]++;
          }
        } else {
          break;
        }
      }
      // Poison among elements still waiting is only found once they are released.
      Map<String, List<Long>> out = new TreeMap<>();
      states.forEach((k, s) -> out.put(k, toList(s)));
      return new Simulation(out, late, poison);
    }
  }
}
