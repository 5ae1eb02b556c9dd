package dev.kappa.server.internal.query;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Aggregations;
import dev.kappa.engine.EventStream;
import dev.kappa.engine.KeyedStream;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewOptions;
import dev.kappa.server.internal.query.AdHocQuery.Aggregate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine view an on-demand query runs: its events decoded to the few fields the query reads,
 * filtered, keyed by the group field's text, windowed and aggregated with the engine's own {@link
 * Aggregations}, so the semantics are those of a live view.
 *
 * <p><b>Events that do not count.</b> An event whose value does not decode ({@link #undecodable}),
 * or lacks a field the query reads, or whose aggregated field is not a number where a number is
 * needed ({@link #missingField}), is left out and counted; one whose where-field does not equal the
 * value is left out silently. {@link #matched} counts the events aggregated.
 *
 * <p><b>Lateness.</b> The view's allowed lateness is {@code to - from + 1 ms} and only events in
 * {@code [from, to)} are fed to it, so every partition's watermark stays below {@code from}: no
 * event of the range is ever late, whatever the order of event times in the log.
 *
 * <p>The counters are updated by the one thread that feeds the view and read after it finishes.
 */
final class OnDemandView {

  /** The slots of the fields read: the group field, the aggregated field, the where field. */
  private static final int GROUP = 0;

  private static final int VALUE = 1;
  private static final int WHERE = 2;

  /** The key of every event when the query has no group field. */
  static final String NO_GROUP = "";

  final LongAdder matched = new LongAdder();
  final LongAdder missingField = new LongAdder();
  final LongAdder undecodable = new LongAdder();
  final View<String, Object> view;

  private OnDemandView(AdHocQuery query, FieldReader reader) {
    this.view = build(query, reader);
  }

  /**
   * @param readers makes the field reader for the paths listed by {@link #paths(AdHocQuery)}
   */
  static OnDemandView of(
      AdHocQuery query, java.util.function.Function<List<String>, FieldReader> readers) {
    return new OnDemandView(query, readers.apply(paths(query)));
  }

  /** The paths read, in slot order; an unused slot reads the path of another slot. */
  static List<String> paths(AdHocQuery query) {
    String any =
        query.groupBy() != null
            ? query.groupBy()
            : query.aggregate().field() != null
                ? query.aggregate().field()
                : query.where() != null ? query.where().field() : "_";
    List<String> paths = new ArrayList<>(3);
    paths.add(query.groupBy() != null ? query.groupBy() : any);
    paths.add(query.aggregate().field() != null ? query.aggregate().field() : any);
    paths.add(query.where() != null ? query.where().field() : any);
    return paths;
  }

  private View<String, Object> build(AdHocQuery query, FieldReader reader) {
    boolean grouped = query.groupBy() != null;
    boolean valued = query.aggregate().field() != null;
    boolean numeric = query.aggregate().kind().numeric();
    AdHocQuery.Where where = query.where();
    EventStream<FieldValue[]> events =
        View.named("on-demand")
            .allowedLateness(Duration.ofMillis(query.to() - query.from() + 1))
            .onError(ViewOptions.ErrorPolicy.SIDE_OUTPUT)
            .from(query.stream(), record -> decode(reader, record))
            .filter(
                fields -> {
                  if (fields.length == 0) {
                    return false;
                  }
                  if ((grouped && fields[GROUP] == null)
                      || (valued
                          && (fields[VALUE] == null || (numeric && !fields[VALUE].numeric())))) {
                    missingField.increment();
                    return false;
                  }
                  if (where != null
                      && (fields[WHERE] == null || !fields[WHERE].text().equals(where.value()))) {
                    return false;
                  }
                  matched.increment();
                  return true;
                });
    KeyedStream<String, FieldValue[]> keyed =
        events.keyBy(fields -> grouped ? fields[GROUP].text() : NO_GROUP, Serdes.string());
    Aggregation<FieldValue[], ?, ?> aggregation = aggregation(query.aggregate());
    @SuppressWarnings("unchecked")
    Aggregation<FieldValue[], Object, Object> erased =
        (Aggregation<FieldValue[], Object, Object>) aggregation;
    return query.window() == null
        ? keyed.aggregate(erased)
        : keyed.window(query.window()).aggregate(erased);
  }

  private FieldValue[] decode(FieldReader reader, dev.kappa.log.RecordView record) {
    try {
      return reader.read(record);
    } catch (RuntimeException e) {
      undecodable.increment();
      return new FieldValue[0];
    }
  }

  private static Aggregation<FieldValue[], ?, ?> aggregation(Aggregate aggregate) {
    return switch (aggregate.kind()) {
      case COUNT -> Aggregations.count();
      case SUM -> Aggregations.sumDouble((FieldValue[] f) -> f[VALUE].number());
      case AVG -> Aggregations.avg((FieldValue[] f) -> f[VALUE].number());
      case MIN -> Aggregations.minDouble((FieldValue[] f) -> f[VALUE].number());
      case MAX -> Aggregations.maxDouble((FieldValue[] f) -> f[VALUE].number());
      case COUNT_DISTINCT ->
          Aggregations.countDistinct((FieldValue[] f) -> f[VALUE].text(), Serdes.string());
      case APPROX_COUNT_DISTINCT ->
          Aggregations.approxCountDistinct((FieldValue[] f) -> f[VALUE].text(), Serdes.string());
      case TOP_N ->
          Aggregations.topN(
              aggregate.n(),
              (FieldValue[] f) -> f[VALUE].number(),
              (FieldValue[] f) -> f[VALUE].number(),
              Serdes.doubles());
    };
  }
}
