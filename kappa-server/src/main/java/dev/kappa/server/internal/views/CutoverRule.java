package dev.kappa.server.internal.views;

import dev.kappa.engine.ViewStatus;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When a candidate build may take over serving: it runs, lags the log's durable end by at most the
 * threshold (in records, over all partitions), and no partition of it is behind the serving
 * build's, so that answers never go back in time at a cutover. Partitions are matched by stream and
 * number, since two versions may read their streams in another order. Stateless.
 */
final class CutoverRule {

  private CutoverRule() {}

  /**
   * Why the candidate cannot take over yet, or empty if it can.
   *
   * @param serving the serving build's report, or null if none runs
   */
  static Optional<String> behind(
      ServedView.Report candidate, ServedView.Report serving, long maxLag) {
    if (candidate.state() != ServedView.State.RUNNING) {
      return Optional.of("it is " + candidate.state());
    }
    if (candidate.lag() > maxLag) {
      return Optional.of("it lags by " + candidate.lag() + " records (threshold " + maxLag + ")");
    }
    if (serving == null) {
      return Optional.empty();
    }
    Map<String, Long> servingAt = new TreeMap<>();
    for (ViewStatus.PartitionLag p : serving.partitions()) {
      servingAt.merge(p.stream() + "/" + p.partition(), p.committedOffset(), Math::min);
    }
    for (ViewStatus.PartitionLag p : candidate.partitions()) {
      Long old = servingAt.get(p.stream() + "/" + p.partition());
      if (old != null && p.committedOffset() < old) {
        return Optional.of(
            p.stream()
                + "/"
                + p.partition()
                + " is at "
                + p.committedOffset()
                + ", behind the serving build's "
                + old);
      }
    }
    return Optional.empty();
  }
}
