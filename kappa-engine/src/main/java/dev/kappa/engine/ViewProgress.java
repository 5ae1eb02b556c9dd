package dev.kappa.engine;

import java.util.List;

/**
 * A view's committed progress: what its state reflects.
 *
 * @param partitions per source partition, in source then partition order
 * @param watermark the global watermark: the smallest partition watermark (maximum event time minus
 *     allowed lateness), {@link Long#MIN_VALUE} until every partition has an event
 * @param processed records processed
 * @param late records sent to the late output
 * @param errors records sent to the error output
 */
public record ViewProgress(
    List<PartitionProgress> partitions, long watermark, long processed, long late, long errors) {

  public ViewProgress {
    partitions = List.copyOf(partitions);
  }
}
