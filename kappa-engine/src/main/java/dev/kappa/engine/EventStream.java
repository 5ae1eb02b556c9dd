package dev.kappa.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The values of one or more source streams, before keying. Immutable: each step returns a new
 * stream, so a partly built pipeline can be reused.
 *
 * @param <T> the value type
 */
public final class EventStream<T> {

  private final View.Builder builder;
  private final Upstream upstream;

  EventStream(View.Builder builder, Upstream upstream) {
    this.builder = builder;
    this.upstream = upstream;
  }

  @SuppressWarnings("unchecked")
  public EventStream<T> filter(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return with(new Step.Filter((Predicate<Object>) predicate));
  }

  @SuppressWarnings("unchecked")
  public <U> EventStream<U> map(Function<? super T, ? extends U> function) {
    Objects.requireNonNull(function, "function");
    return with(new Step.Map((Function<Object, Object>) function));
  }

  /** Each value becomes zero or more values, in the iterable's order. */
  @SuppressWarnings("unchecked")
  public <U> EventStream<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> function) {
    Objects.requireNonNull(function, "function");
    return with(new Step.FlatMap((Function<Object, ? extends Iterable<?>>) function));
  }

  /** The values of this stream and of {@code other}, which must come from the same view builder. */
  public EventStream<T> union(EventStream<? extends T> other) {
    requireSameViewWithoutJoin(other, "union");
    List<Source> all = new ArrayList<>(upstream.sources());
    all.addAll(other.upstream.sources());
    return new EventStream<>(builder, Upstream.of(all));
  }

  /**
   * Enriches each value with its key's row in {@code table} as of the value's event time: the value
   * of the latest table record at or before it, or null if there is none (a left join; return null
   * from {@code joiner} to drop the value, an inner join). Values and table records wait until the
   * watermark passes them and are then joined in event-time order, so the result does not depend on
   * how partitions interleave.
   *
   * @param key the join key of a value; its bytes under the table's key serde must equal the
   *     table's record keys
   * @param serde stores values while they wait
   * @param joiner the joined value from a value and its row (or null)
   */
  @SuppressWarnings("unchecked")
  public <K, V, R> EventStream<R> joinTable(
      TableSource<K, V> table,
      Function<? super T, ? extends K> key,
      Serde<T> serde,
      BiFunction<? super T, ? super V, ? extends R> joiner) {
    requireSameViewWithoutJoin(this, "join");
    List<Source> all = new ArrayList<>(upstream.sources());
    all.add(
        new Source(
            table.stream(), TableRow.decoder(table.keyDecoder(), table.valueDecoder()), List.of()));
    Join join =
        new Join.WithTable(
            upstream.sources().size(),
            (Function<Object, Object>) key,
            row -> ((TableRow<?, ?>) row).key(),
            row -> ((TableRow<?, ?>) row).value(),
            (Serde<Object>) table.keySerde(),
            (Serde<Object>) serde,
            (Serde<Object>) table.valueSerde(),
            (BiFunction<Object, Object, Object>) joiner);
    return new EventStream<>(builder, new Upstream(all, join, List.of()));
  }

  /**
   * Joins each value with every value of {@code other} of the same key whose event time is at most
   * {@code within} away. Each pair is joined once, when the later of the two passes the watermark;
   * both sides wait for the watermark, so the pairs do not depend on how partitions interleave.
   * Values are kept for {@code within} past the watermark.
   */
  @SuppressWarnings("unchecked")
  public <U, K, R> EventStream<R> join(
      EventStream<U> other,
      Duration within,
      Function<? super T, ? extends K> key,
      Serde<T> serde,
      Function<? super U, ? extends K> otherKey,
      Serde<U> otherSerde,
      Serde<K> keySerde,
      BiFunction<? super T, ? super U, ? extends R> joiner) {
    requireSameViewWithoutJoin(other, "join");
    if (within.isNegative()) {
      throw new IllegalArgumentException("join window must not be negative: " + within);
    }
    List<Source> all = new ArrayList<>(upstream.sources());
    all.addAll(other.upstream.sources());
    Join join =
        new Join.Within(
            upstream.sources().size(),
            within.toMillis(),
            (Function<Object, Object>) key,
            (Function<Object, Object>) otherKey,
            (Serde<Object>) keySerde,
            (Serde<Object>) serde,
            (Serde<Object>) otherSerde,
            (BiFunction<Object, Object, Object>) joiner);
    return new EventStream<>(builder, new Upstream(all, join, List.of()));
  }

  private void requireSameViewWithoutJoin(EventStream<?> other, String what) {
    if (other.builder != builder) {
      throw new IllegalArgumentException(what + " of streams from different views");
    }
    if (upstream.join() != null || other.upstream.join() != null) {
      throw new IllegalArgumentException(what + " after a join: a view has at most one join");
    }
  }

  /** Groups values by key. State is kept per key, compared by the bytes {@code keySerde} makes. */
  @SuppressWarnings("unchecked")
  public <K> KeyedStream<K, T> keyBy(Function<? super T, ? extends K> key, Serde<K> keySerde) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keySerde, "keySerde");
    return new KeyedStream<>(builder, upstream, (Function<Object, Object>) key, keySerde);
  }

  @SuppressWarnings("unchecked")
  private <U> EventStream<U> with(Step step) {
    return (EventStream<U>) new EventStream<T>(builder, upstream.with(step));
  }
}
