package dev.kappa.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
  private final List<Source> sources;

  EventStream(View.Builder builder, List<Source> sources) {
    this.builder = builder;
    this.sources = List.copyOf(sources);
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
    if (other.builder != builder) {
      throw new IllegalArgumentException("union of streams from different views");
    }
    List<Source> all = new ArrayList<>(sources);
    all.addAll(other.sources);
    return new EventStream<>(builder, all);
  }

  /** Groups values by key. State is kept per key, compared by the bytes {@code keySerde} makes. */
  @SuppressWarnings("unchecked")
  public <K> KeyedStream<K, T> keyBy(Function<? super T, ? extends K> key, Serde<K> keySerde) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keySerde, "keySerde");
    return new KeyedStream<>(builder, sources, (Function<Object, Object>) key, keySerde);
  }

  @SuppressWarnings("unchecked")
  private <U> EventStream<U> with(Step step) {
    return (EventStream<U>)
        new EventStream<T>(builder, sources.stream().map(source -> source.with(step)).toList());
  }
}
