package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SessionList} against a reference sessionization (sort the times, split where two
 * neighbours are more than the gap apart; a session is {@code [first, last + gap)}), for events
 * added in random order, and its invariants: sorted, disjoint, not touching.
 */
class SessionListTest {

  private static final long GAP = 100;

  @SuppressWarnings("unchecked")
  private static final Aggregation<Object, Object, Long> COUNT =
      (Aggregation<Object, Object, Long>) (Aggregation<?, ?, Long>) Aggregations.count();

  /** A session as the reference cuts it: its window and how many events it holds. */
  private record Expected(long start, long end, long count) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void add_inRandomOrder_matchesReferenceSessionization(long seed) {
    Random random = new Random(seed);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      times.add((long) random.nextInt(20_000) / 10 * 10); // gaps of exactly GAP happen
    }
    List<Expected> expected = reference(times);
    for (int round = 0; round < 10; round++) {
      Collections.shuffle(times, random);
      SessionList sessions = SessionList.empty();
      for (int i = 0; i < times.size(); i++) {
        sessions.add(COUNT, GAP, "x", new Origin(times.get(i), 0, 0, i, 0));
      }
      assertThat(actual(sessions)).as("seed %d, round %d", seed, round).isEqualTo(expected);
      for (int i = 1; i < sessions.sessions().size(); i++) {
        assertThat(sessions.sessions().get(i).start())
            .as("seed %d: sessions neither overlap nor touch", seed)
            .isGreaterThan(sessions.sessions().get(i - 1).end());
      }
    }
    assertThat(expected).as("seed %d: several sessions", seed).hasSizeGreaterThan(10);
  }

  @Test
  void add_bridgingEvent_mergesTwoSessions() {
    SessionList sessions = SessionList.empty();
    sessions.add(COUNT, GAP, "x", new Origin(0, 0, 0, 0, 0));
    sessions.add(COUNT, GAP, "x", new Origin(200, 0, 0, 1, 0));
    assertThat(actual(sessions))
        .containsExactly(new Expected(0, 100, 1), new Expected(200, 300, 1));
    sessions.add(COUNT, GAP, "x", new Origin(100, 0, 0, 2, 0)); // exactly GAP from both
    assertThat(actual(sessions)).containsExactly(new Expected(0, 300, 3));
  }

  @Test
  void serialize_thenDeserialize_keepsSessions_andExpireDropsEndedOnes() {
    SessionList sessions = SessionList.empty();
    for (long t : new long[] {0, 50, 500, 1_000, 1_090}) {
      sessions.add(COUNT, GAP, "x", new Origin(t, 0, 0, t, 0));
    }
    @SuppressWarnings("unchecked")
    Serde<Object> serde = (Serde<Object>) (Serde<?>) COUNT.accumulatorSerde();
    SessionList copy = SessionList.deserialize(sessions.serialize(serde), serde);
    assertThat(actual(copy)).isEqualTo(actual(sessions)).hasSize(3);
    assertThat(copy.expire(600)).isTrue();
    assertThat(actual(copy)).containsExactly(new Expected(1_000, 1_190, 2));
    assertThat(copy.expire(1_190)).isFalse();
  }

  private static List<Expected> reference(List<Long> times) {
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    List<Expected> out = new ArrayList<>();
    long start = sorted.getFirst();
    long last = start;
    long count = 0;
    for (long t : sorted) {
      if (t - last > GAP) {
        out.add(new Expected(start, last + GAP, count));
        start = t;
        count = 0;
      }
      last = t;
      count++;
    }
    out.add(new Expected(start, last + GAP, count));
    return out;
  }

  private static List<Expected> actual(SessionList sessions) {
    return sessions.sessions().stream()
        .map(s -> new Expected(s.start(), s.end(), COUNT.result(s.accumulator())))
        .toList();
  }
}
