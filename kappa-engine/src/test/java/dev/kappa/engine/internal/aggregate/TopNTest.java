package dev.kappa.engine.internal.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.engine.Origin;
import dev.kappa.engine.Ranked;
import dev.kappa.engine.Serdes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TopN} against sorting: the highest scores first, ties by the earlier {@link Origin}, the
 * same list whatever the order of adds and merges.
 */
class TopNTest {

  /** An input: its score and value, and where it came from. */
  private record Item(double score, String value, Origin origin) {}

  private static final TopN<Item, String> TOP_5 =
      new TopN<>(5, Item::score, Item::value, Serdes.string());

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void topN_withManyTiedScores_matchesSortedReferenceInAnyOrder(long seed) {
    Random random = new Random(seed);
    List<Item> items = items(random, 300);
    List<Ranked<String>> expected =
        items.stream()
            .sorted(
                Comparator.comparingDouble((Item i) -> -i.score())
                    .thenComparingLong(i -> i.origin().eventTime())
                    .thenComparingInt(i -> i.origin().partition())
                    .thenComparingLong(i -> i.origin().offset()))
            .limit(5)
            .map(i -> new Ranked<>(i.value(), i.score(), i.origin()))
            .toList();
    for (int round = 0; round < 20; round++) {
      List<Item> shuffled = new ArrayList<>(items);
      Collections.shuffle(shuffled, random);
      int cut = random.nextInt(shuffled.size());
      List<Ranked<String>> merged =
          TOP_5.merge(topOf(shuffled.subList(0, cut)), topOf(shuffled.subList(cut, 300)));
      assertThat(TOP_5.result(topOf(shuffled)))
          .as("seed %d, round %d", seed, round)
          .isEqualTo(expected);
      assertThat(TOP_5.result(merged))
          .as("seed %d, round %d: merged", seed, round)
          .isEqualTo(expected);
    }
    assertThat(expected.stream().map(Ranked::score).distinct())
        .as("ties at the top")
        .hasSizeLessThan(5);
  }

  @Test
  void serde_keepsScoresOriginsAndValues() {
    List<Ranked<String>> top = topOf(items(new Random(8), 50));
    var serde = TOP_5.accumulatorSerde();
    assertThat(serde.deserialize(serde.serialize(top))).isEqualTo(top);
  }

  @Test
  void nanScore_isRejected_andNBelowOneIsRejected() {
    assertThatThrownBy(
            () ->
                TOP_5.add(TOP_5.init(), new Item(Double.NaN, "x", new Origin(0, 0, 0, 0, 0)), null))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> new TopN<Item, String>(0, Item::score, Item::value, Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Ranked<String>> topOf(List<Item> items) {
    List<Ranked<String>> top = TOP_5.init();
    for (Item item : items) {
      top = TOP_5.add(top, item, item.origin());
    }
    return top;
  }

  /** Scores from {0, 1, 2, 3}, so most of them tie; equal event times in different partitions. */
  private static List<Item> items(Random random, int n) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Origin origin = new Origin(random.nextInt(10), 0, random.nextInt(3), i, 0);
      items.add(new Item(random.nextInt(4), "v" + i, origin));
    }
    return items;
  }
}
