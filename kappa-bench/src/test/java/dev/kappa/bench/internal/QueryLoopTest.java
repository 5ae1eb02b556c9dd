package dev.kappa.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryLoopTest {

  private static final long OLD = 3;
  private static final long NEW = 4;

  /** One thread's queries, back to back from {@code start}: pairs of latency and build. */
  private static QueryLoop.Record thread(long start, long... latencyAndBuild) {
    QueryLoop.Record record = new QueryLoop.Record();
    long at = start;
    for (int i = 0; i < latencyAndBuild.length; i += 2) {
      record.add(at, latencyAndBuild[i], latencyAndBuild[i + 1]);
      at += latencyAndBuild[i];
    }
    return record;
  }

  @Test
  void longestAtSwitch_countsTheQueriesInFlightAtTheSwitch_notSlowOnesBeforeOrAfter() {
    // a: [0,50] [50,90] [90,92] [92,94] old, then [94,96] [96,98] new.
    QueryLoop.Record a = thread(0, 50, OLD, 40, OLD, 2, OLD, 2, OLD, 2, NEW, 2, NEW);
    // b: [88,90] old, then [90,97] [97,127] new.
    QueryLoop.Record b = thread(88, 2, OLD, 7, NEW, 30, NEW);

    // The switch lies in [92, 96]: the latest old start, the earliest new end. In flight then:
    // a's [90,92] [92,94] [94,96] [96,98] and b's [90,97]; not the 50 and 40 before, nor the 30.
    assertThat(QueryLoop.longestAtSwitch(List.of(a, b), OLD, NEW)).isEqualTo(7);
  }

  @Test
  void longestAtSwitch_countsEachThreadsFirstNewAnswer_evenIfItStartedAfterTheSwitch() {
    // a: [0,2] [2,4] old, then [4,7] [7,9] new: the switch lies in [2, 7].
    QueryLoop.Record a = thread(0, 2, OLD, 2, OLD, 3, NEW, 2, NEW);
    // b: [0,2] [2,10] old, then [10,19] new: its gap across the switch ends at 19.
    QueryLoop.Record b = thread(0, 2, OLD, 8, OLD, 9, NEW, 1, NEW);

    assertThat(QueryLoop.longestAtSwitch(List.of(a, b), OLD, NEW)).isEqualTo(9);
  }

  @Test
  void longestAtSwitch_withNoAnswerFromEitherBuild_isUnknown() {
    QueryLoop.Record onlyOld = thread(0, 2, OLD, 2, OLD);
    QueryLoop.Record onlyNew = thread(0, 50, NEW, 2, NEW);

    assertThat(QueryLoop.longestAtSwitch(List.of(onlyOld), OLD, NEW)).isEqualTo(-1);
    assertThat(QueryLoop.longestAtSwitch(List.of(onlyNew), OLD, NEW)).isEqualTo(-1);
  }
}
