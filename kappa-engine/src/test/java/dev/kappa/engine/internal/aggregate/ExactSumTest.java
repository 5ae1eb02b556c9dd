package dev.kappa.engine.internal.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ExactSum} against {@link BigDecimal}: the exact sum, rounded once (half-even, which is
 * what {@link BigDecimal#doubleValue()} does), whatever the order of the additions and however the
 * values are split over merged sums.
 */
class ExactSumTest {

  static LongStream seeds() {
    String pinned = System.getProperty("kappa.seed");
    return LongStream.of(
        1, 2, 3, pinned != null ? Long.parseLong(pinned) : ThreadLocalRandom.current().nextLong());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void value_ofRandomDoublesOfManyMagnitudes_isTheCorrectlyRoundedExactSum(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      List<Double> values = values(random, 1 + random.nextInt(300));
      assertThat(sum(values)).as("seed %d, round %d", seed, round).isEqualTo(exact(values));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void value_isIdenticalForEveryPermutationAndSplit(long seed) {
    Random random = new Random(seed);
    List<Double> values = values(random, 2_000);
    double first = sum(values);
    for (int round = 0; round < 20; round++) {
      List<Double> shuffled = new ArrayList<>(values);
      Collections.shuffle(shuffled, random);
      int cut = random.nextInt(shuffled.size());
      ExactSum left = of(shuffled.subList(0, cut));
      left.addAll(of(shuffled.subList(cut, shuffled.size())));
      assertThat(sum(shuffled)).as("seed %d, round %d", seed, round).isEqualTo(first);
      assertThat(left.value()).as("seed %d, round %d: merged", seed, round).isEqualTo(first);
    }
  }

  @Test
  void value_roundsHalfWayCasesToEven_lookingPastTheFirstPartials() {
    double half = Math.scalb(1.0, -53); // half an ulp of 1.0
    assertThat(sum(List.of(1.0, half))).isEqualTo(1.0);
    assertThat(sum(List.of(1.0, half, Math.scalb(1.0, -100)))).isEqualTo(Math.nextUp(1.0));
    assertThat(sum(List.of(1.0, half, -Math.scalb(1.0, -100)))).isEqualTo(1.0);
    assertThat(sum(List.of(1e-16, 1.0, 1e16))).isEqualTo(1e16 + 2);
    assertThat(sum(List.of(1e100, 1.0, -1e100, 1e-100))).isEqualTo(1.0 + 1e-100);
  }

  @Test
  void value_withInfinitiesOrNaN_isTheirIeeeSumInAnyOrder() {
    double inf = Double.POSITIVE_INFINITY;
    assertThat(sum(List.of(1.0, inf, 2.0))).isEqualTo(inf);
    assertThat(sum(List.of(inf, -inf))).isNaN();
    assertThat(sum(List.of(-inf, 1.0, inf))).isNaN();
    assertThat(sum(List.of(Double.NaN, 1.0))).isNaN();
  }

  @Test
  void value_whenPartialSumsOverflowButTheTotalDoesNot_isTheTotalInAnyOrder() {
    double max = Double.MAX_VALUE;
    assertThat(sum(List.of(max, -max, max))).isEqualTo(max);
    assertThat(sum(List.of(max, max, -max))).isEqualTo(max);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void toBytes_thenFromBytes_keepsTheExactSum(long seed) {
    Random random = new Random(seed);
    List<Double> values = values(random, 500);
    ExactSum original = of(values.subList(0, 250));
    ExactSum copy = ExactSum.fromBytes(ByteBuffer.wrap(original.toBytes()));
    values.subList(250, 500).forEach(copy::add);
    assertThat(copy.value()).as("seed %d", seed).isEqualTo(exact(values));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void toBytes_isTheSameForEveryPermutationAndSplit(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 30; round++) {
      // Large values (round % 3 == 0 ones reach past 2^1000) take the exact slow path.
      List<Double> values = values(random, 1 + random.nextInt(round % 3 == 0 ? 300 : 40));
      byte[] first = of(values).toBytes();
      List<Double> shuffled = new ArrayList<>(values);
      Collections.shuffle(shuffled, random);
      int cut = random.nextInt(shuffled.size() + 1);
      ExactSum merged = of(shuffled.subList(0, cut));
      merged.addAll(of(shuffled.subList(cut, shuffled.size())));
      assertThat(merged.toBytes()).as("seed %d, round %d", seed, round).isEqualTo(first);
      ExactSum back = ExactSum.fromBytes(ByteBuffer.wrap(first));
      assertThat(back.value())
          .as("seed %d, round %d: decoded", seed, round)
          .isEqualTo(exact(values));
      assertThat(back.toBytes()).as("seed %d, round %d: again", seed, round).isEqualTo(first);
    }
  }

  /**
   * Doubles from 2^-1060 (subnormal) to near the largest double, of both signs, with repeats and
   * cancellations; sums of the largest overflow part of the way, or in total.
   */
  private static List<Double> values(Random random, int n) {
    List<Double> values = new ArrayList<>();
    while (values.size() < n) {
      int kind = random.nextInt(10);
      if (kind == 0 && !values.isEmpty()) {
        values.add(-values.get(random.nextInt(values.size())));
      } else if (kind == 1 && !values.isEmpty()) {
        values.add(values.get(random.nextInt(values.size())));
      } else if (kind == 2) {
        values.add(Math.scalb(random.nextDouble() * 2 - 1, 1024 - random.nextInt(30)));
      } else {
        int exponent = kind < 6 ? random.nextInt(60) - 30 : random.nextInt(2020) - 1060;
        values.add(Math.scalb(random.nextDouble() * 2 - 1, exponent));
      }
    }
    return values;
  }

  private static ExactSum of(List<Double> values) {
    ExactSum sum = new ExactSum();
    values.forEach(sum::add);
    return sum;
  }

  private static double sum(List<Double> values) {
    return normalizeZero(of(values).value());
  }

  private static double exact(List<Double> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double v : values) {
      sum = sum.add(new BigDecimal(v));
    }
    return normalizeZero(sum.doubleValue());
  }

  /** BigDecimal has no negative zero; an exact sum of zero may come out as -0.0. */
  private static double normalizeZero(double value) {
    return value == 0.0 ? 0.0 : value;
  }
}
