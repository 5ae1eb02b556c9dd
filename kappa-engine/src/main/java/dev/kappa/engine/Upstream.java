package dev.kappa.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What comes before keying: the sources with their steps, an optional join of left and right
 * sources, and the steps after the join. Immutable.
 */
record Upstream(List<Source> sources, Join join, List<Step> postSteps) {

  Upstream {
    sources = List.copyOf(sources);
    postSteps = List.copyOf(postSteps);
  }

  static Upstream of(List<Source> sources) {
    return new Upstream(sources, null, List.of());
  }

  /** Appends a step: to every source before a join, after the join otherwise. */
  Upstream with(Step step) {
    if (join != null) {
      List<Step> more = new ArrayList<>(postSteps);
      more.add(step);
      return new Upstream(sources, join, more);
    }
    return new Upstream(sources.stream().map(s -> s.with(step)).toList(), null, postSteps);
  }
}
