package dev.kappa.engine;

import java.util.List;

/**
 * A running view's health and progress.
 *
 * @param id {@code name@version}
 * @param state RUNNING, FAILED or STOPPED
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

  /**
   * @param committedOffset the first offset not yet in committed state
   * @param durableEnd the partition's durable end
   */
  public record PartitionLag(String stream, int partition, long committedOffset, long durableEnd) {

    public long lag() {
      return Math.max(0, durableEnd - committedOffset);
    }
  }
}
