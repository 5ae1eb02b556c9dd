package dev.kappa.engine;

import java.util.List;

/**
 * A running view's health and progress.
 *
 * @param id the run's id: {@code name@version} unless its {@link RunOptions} name it otherwise
 * @param state RUNNING, FINISHED (a bounded run reached its end), FAILED or STOPPED
 * @param error why it failed, or null
 * @param partitions committed offset and lag of each source partition
 * @param processed records processed (committed)
 * @param eventsPerSecond recent processing rate, by the engine's clock
 */
public record ViewStatus(
    String id,
    State state,
    String error,
    List<PartitionLag> partitions,
    long processed,
    double eventsPerSecond) {

  public enum State {
    RUNNING,
    FINISHED,
    FAILED,
    STOPPED
  }

  public ViewStatus {
    partitions = List.copyOf(partitions);
  }

  /** The total lag over all source partitions. */
  public long lag() {
    return partitions.stream().mapToLong(PartitionLag::lag).sum();
  }

  /** The share of the work between the runs' start and end offsets done, from 0 to 1. */
  public double fractionDone() {
    return fractionDone(partitions);
  }

  /** The share of the work between these partitions' start and end offsets done, from 0 to 1. */
  public static double fractionDone(List<PartitionLag> partitions) {
    long total = 0;
    long done = 0;
    for (PartitionLag p : partitions) {
      total += Math.max(0, p.endOffset() - p.startOffset());
      done += Math.max(0, Math.min(p.committedOffset(), p.endOffset()) - p.startOffset());
    }
    return total == 0 ? 1.0 : (double) done / total;
  }

  /**
   * @param startOffset where the run started in this partition
   * @param committedOffset the first offset not yet in committed state
   * @param endOffset where it is heading: the durable end, or a bounded run's end if that is lower
   */
  public record PartitionLag(
      String stream, int partition, long startOffset, long committedOffset, long endOffset) {

    public long lag() {
      return Math.max(0, endOffset - committedOffset);
    }
  }
}
