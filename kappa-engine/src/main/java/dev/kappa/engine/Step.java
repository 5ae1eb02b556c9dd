package dev.kappa.engine;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One stateless step of a view's pipeline, between decoding and keying. Built by {@link
 * EventStream}; runtimes read them to execute the view. Functions are stored with erased types.
 */
public sealed interface Step {

  record Filter(Predicate<Object> predicate) implements Step {}

  record Map(Function<Object, Object> function) implements Step {}

  record FlatMap(Function<Object, ? extends Iterable<?>> function) implements Step {}
}
