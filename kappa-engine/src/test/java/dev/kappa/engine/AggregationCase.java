package dev.kappa.engine;

import dev.kappa.engine.Reference.Element;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * A built-in aggregation over {@link Payload}s, with its expected result computed independently:
 * exact sums with {@link BigDecimal}, extremes and "latest" by plain loops, top-N by sorting.
 * {@code approximate} results must be within {@link #tolerance} of the reference. Immutable.
 */
record AggregationCase(
    String name,
    Aggregation<? super Payload, ?, ?> aggregation,
    Function<List<Element>, Object> reference,
    boolean approximate) {

  static final int TOP = 3;

  /** Every built-in aggregation. */
  static List<AggregationCase> all() {
    return List.of(
        exact("count", Aggregations.count(), es -> (long) es.size()),
        exact("sum", Aggregations.sum(Payload::amount), AggregationCase::sum),
        exact("sumDouble", Aggregations.sumDouble(Payload::real), es -> exactSum(es).doubleValue()),
        exact("min", Aggregations.min(Payload::amount), es -> extreme(es, -1)),
        exact("max", Aggregations.max(Payload::amount), es -> extreme(es, 1)),
        exact("minDouble", Aggregations.minDouble(Payload::real), es -> extremeDouble(es, -1)),
        exact("maxDouble", Aggregations.maxDouble(Payload::real), es -> extremeDouble(es, 1)),
        exact("avg", Aggregations.avg(Payload::real), es -> exactSum(es).doubleValue() / es.size()),
        exact(
            "countDistinct",
            Aggregations.countDistinct(Payload::item, Serdes.string()),
            AggregationCase::distinct),
        new AggregationCase(
            "approxCountDistinct",
            Aggregations.approxCountDistinct(Payload::item, Serdes.string()),
            AggregationCase::distinct,
            true),
        exact(
            "latest", Aggregations.latest(Payload::item, Serdes.string()), AggregationCase::latest),
        exact(
            "topN",
            Aggregations.topN(TOP, Payload::real, Payload::item, Serdes.string()),
            es -> top(es, TOP)));
  }

  private static AggregationCase exact(
      String name, Aggregation<? super Payload, ?, ?> aggregation, Function<List<Element>, ?> ref) {
    return new AggregationCase(name, aggregation, ref::apply, false);
  }

  /** How far an approximate distinct count may be from the exact one: 5%, and at least 2. */
  static long tolerance(long exact) {
    return Math.max(2, Math.round(exact * 0.05));
  }

  static long sum(List<Element> elements) {
    long sum = 0;
    for (Element e : elements) {
      sum += e.payload().amount();
    }
    return sum;
  }

  static BigDecimal exactSum(List<Element> elements) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Element e : elements) {
      sum = sum.add(new BigDecimal(e.payload().real()));
    }
    return sum;
  }

  private static long extreme(List<Element> elements, int sign) {
    long best = elements.getFirst().payload().amount();
    for (Element e : elements) {
      if (Long.compare(e.payload().amount(), best) * sign > 0) {
        best = e.payload().amount();
      }
    }
    return best;
  }

  private static double extremeDouble(List<Element> elements, int sign) {
    double best = elements.getFirst().payload().real();
    for (Element e : elements) {
      if (Double.compare(e.payload().real(), best) * sign > 0) {
        best = e.payload().real();
      }
    }
    return best;
  }

  static long distinct(List<Element> elements) {
    HashSet<String> items = new HashSet<>();
    elements.forEach(e -> items.add(e.payload().item()));
    return items.size();
  }

  /** The item of the element with the largest (time, source, partition, offset, index). */
  static String latest(List<Element> elements) {
    Element best = elements.getFirst();
    for (Element e : elements) {
      if (laterThan(e.origin(), best.origin())) {
        best = e;
      }
    }
    return best.payload().item();
  }

  private static boolean laterThan(Origin a, Origin b) {
    long[] x = {a.eventTime(), a.source(), a.partition(), a.offset(), a.index()};
    long[] y = {b.eventTime(), b.source(), b.partition(), b.offset(), b.index()};
    for (int i = 0; i < x.length; i++) {
      if (x[i] != y[i]) {
        return x[i] > y[i];
      }
    }
    return false;
  }

  /** Sorted by score, highest first, ties by the earlier origin; the first {@code n}. */
  static List<Ranked<String>> top(List<Element> elements, int n) {
    Comparator<Element> byScore =
        Comparator.comparingDouble((Element e) -> -e.payload().real())
            .thenComparing(
                Element::origin, (a, b) -> laterThan(a, b) ? 1 : laterThan(b, a) ? -1 : 0);
    return elements.stream()
        .sorted(byScore)
        .limit(n)
        .map(e -> new Ranked<>(e.payload().item(), e.payload().real(), e.origin()))
        .toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
