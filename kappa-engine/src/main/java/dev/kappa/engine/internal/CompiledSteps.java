package dev.kappa.engine.internal;

import dev.kappa.engine.Step;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A view's stateless steps as plain arrays, so the per-record path runs them without pattern
 * switches. Immutable; thread-safe if the steps' functions are.
 */
final class CompiledSteps {

  private static final int FILTER = 0;
  private static final int MAP = 1;
  private static final int FLAT_MAP = 2;

  private final int[] kinds;
  private final Object[] functions;

  CompiledSteps(List<Step> steps) {
    kinds = new int[steps.size()];
    functions = new Object[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      switch (steps.get(i)) {
        case Step.Filter f -> {
          kinds[i] = FILTER;
          functions[i] = f.predicate();
        }
        case Step.Map m -> {
          kinds[i] = MAP;
          functions[i] = m.function();
        }
        case Step.FlatMap fm -> {
          kinds[i] = FLAT_MAP;
          functions[i] = fm.function();
        }
      }
    }
  }

  /** Adds to {@code out} what the steps make of {@code value}, in order; may run user code. */
  void run(Object value, List<Object> out) {
    run(0, value, out);
  }

  @SuppressWarnings("unchecked")
  private void run(int from, Object value, List<Object> out) {
    for (int i = from; i < kinds.length; i++) {
      if (kinds[i] == FILTER) {
        if (!((Predicate<Object>) functions[i]).test(value)) {
          return;
        }
      } else if (kinds[i] == MAP) {
        value = ((Function<Object, Object>) functions[i]).apply(value);
      } else {
        for (Object each : ((Function<Object, Iterable<?>>) functions[i]).apply(value)) {
          run(i + 1, each, out);
        }
        return;
      }
    }
    out.add(value);
  }
}
