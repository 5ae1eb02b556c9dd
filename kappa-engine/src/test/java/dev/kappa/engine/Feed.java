package dev.kappa.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pushes generated inputs through a {@link ViewProcessor}: partitions interleave at random (each
 * keeps its offset order) and commits happen at random points, both from one seeded {@link Random}.
 * Then reads everything the view shows. Stateless.
 */
final class Feed {

  /** Everything a view shows after a run. */
  record Observed<R>(
      List<WindowResult<String, R>> results,
      List<SideOutput> late,
      List<SideOutput> errors,
      ViewProgress progress) {}

  private Feed() {}

  static <R> Observed<R> run(
      View<String, R> view, List<List<Input>> partitions, Random random, double commitChance) {
    ViewProcessor<String, R> processor =
        ViewProcessor.inMemory(view, Map.of(Input.STREAM, partitions.size()));
    for (Input input : interleave(partitions, random)) {
      processor.process(Input.STREAM, input.toRecord());
      if (random.nextDouble() < commitChance) {
        processor.commit();
      }
    }
    return observe(processor.state());
  }

  static <R> Observed<R> observe(ViewState<String, R> state) {
    return new Observed<>(
        state.scan(Integer.MAX_VALUE),
        state.sideOutput(SideOutput.Kind.LATE, Integer.MAX_VALUE),
        state.sideOutput(SideOutput.Kind.ERROR, Integer.MAX_VALUE),
        state.progress());
  }

  /** A random merge of the partitions that keeps each partition's order. */
  static <T> List<T> interleave(List<List<T>> partitions, Random random) {
    int[] next = new int[partitions.size()];
    List<Integer> open = new ArrayList<>();
    for (int p = 0; p < partitions.size(); p++) {
      if (!partitions.get(p).isEmpty()) {
        open.add(p);
      }
    }
    List<T> out = new ArrayList<>();
    while (!open.isEmpty()) {
      int i = random.nextInt(open.size());
      int p = open.get(i);
      out.add(partitions.get(p).get(next[p]++));
      if (next[p] == partitions.get(p).size()) {
        open.remove(i);
      }
    }
    return out;
  }
}
