package dev.kappa.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IngestScheduleTest {

  private static final long MS = 1_000_000;

  /** One request: when it was sent and how many events it held. */
  private record Send(long at, int count) {}

  /**
   * Drives a schedule for {@code until} ns of simulated time, each request taking {@code
   * postNanos[i % length]}; returns every request with events.
   */
  private static List<Send> drive(IngestSchedule schedule, long until, long... postNanos) {
    List<Send> sends = new ArrayList<>();
    long now = 0;
    for (int i = 0; now < until; ) {
      now += schedule.waitNanos(now);
      int count = schedule.take(now);
      if (count > 0) {
        sends.add(new Send(now, count));
        now += postNanos[i++ % postNanos.length];
      }
    }
    return sends;
  }

  @Test
  void take_withQuickAnswers_sendsOneBatchPerTick() {
    IngestSchedule schedule = new IngestSchedule(10_000, 10 * MS, 10_000);

    List<Send> sends = drive(schedule, 1000 * MS, MS);

    // 10,000 events/s in 10 ms ticks: 100 events at 10, 20, ... 1000 ms, however fast the answers.
    assertThat(sends).hasSize(100);
    for (int k = 0; k < sends.size(); k++) {
      assertThat(sends.get(k)).isEqualTo(new Send((k + 1) * 10 * MS, 100));
    }
  }

  @Test
  void take_afterASlowRequest_sendsTheDebtAtOnce() {
    IngestSchedule schedule = new IngestSchedule(10_000, 10 * MS, 10_000);

    // The first request takes 25 ms; later ones 1 ms.
    List<Send> sends = drive(schedule, 60 * MS, 25 * MS, MS, MS, MS, MS, MS);

    // Sent at 10 ms (100 events); the next at 35 ms, at once, with the 250 due since; then the
    // first tick after 35 ms, 40 ms, with 50; then 50 and 60 ms with 100 each.
    assertThat(sends)
        .containsExactly(
            new Send(10 * MS, 100),
            new Send(35 * MS, 250),
            new Send(40 * MS, 50),
            new Send(50 * MS, 100),
            new Send(60 * MS, 100));
  }

  @Test
  void take_neverSendsMoreThanTheCap() {
    IngestSchedule schedule = new IngestSchedule(10_000, 10 * MS, 300);

    // A 100 ms request leaves 1,000 events due at 110 ms; the cap sends them 300 at a time, each
    // request at once after the last, and the fourth (113 ms) takes the 130 then due.
    List<Send> sends = drive(schedule, 115 * MS, 100 * MS, MS, MS, MS, MS);

    assertThat(sends)
        .containsExactly(
            new Send(10 * MS, 100),
            new Send(110 * MS, 300),
            new Send(111 * MS, 300),
            new Send(112 * MS, 300),
            new Send(113 * MS, 130),
            new Send(120 * MS, 70));
  }

  @Test
  void take_withRandomAnswerTimes_keepsTheRateAndTheTick() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int rate = 1 + random.nextInt(50_000);
    long tick = (1 + random.nextInt(20)) * MS;
    long[] posts = new long[64];
    for (int i = 0; i < posts.length; i++) {
      posts[i] = random.nextInt(3) == 0 ? random.nextLong(5 * tick) : random.nextLong(tick / 4);
    }
    IngestSchedule schedule = new IngestSchedule(rate, tick, Long.MAX_VALUE);

    List<Send> sends = drive(schedule, 5_000 * MS, posts);

    long total = 0;
    for (int k = 0; k < sends.size(); k++) {
      Send send = sends.get(k);
      total += send.count();
      // Every event due by the send is in it or an earlier one: the cap is out of reach.
      assertThat(total)
          .as("seed %d, send %d", seed, k)
          .isEqualTo(send.at() * rate / 1_000_000_000L);
      if (k > 0) {
        long previous = sends.get(k - 1).at();
        long previousEnd = previous + posts[(k - 1) % posts.length];
        long nextTick = (previous / tick + 1) * tick;
        // Sent at the first tick after the previous send, or when that answered if later; or, if
        // no event was due then (a low rate), at a later tick.
        long earliest = Math.max(nextTick, previousEnd);
        assertThat(send.at() == earliest || send.at() > earliest && send.at() % tick == 0)
            .as("seed %d, send %d at %d, earliest %d", seed, k, send.at(), earliest)
            .isTrue();
      }
    }
  }

  @Test
  void constructor_refusesNonPositiveSettings() {
    assertThatThrownBy(() -> new IngestSchedule(0, MS, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IngestSchedule(1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IngestSchedule(1, MS, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
