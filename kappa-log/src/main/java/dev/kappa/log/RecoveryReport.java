package dev.kappa.log;

import java.util.List;

/**
 * What opening a log had to repair. Empty after a clean shutdown.
 *
 * <p>Recovery cuts only a torn last batch. A complete batch with a valid CRC is kept even if its
 * append was never acknowledged (the process died between the write and the fsync that would have
 * acknowledged it): so no acknowledged record is ever lost, and an unacknowledged one may or may
 * not be there after a crash (at-least-once for callers that retry). See {@code
 * docs/log-format.md}.
 *
 * @param partitions one entry per partition that needed work, in stream then partition order
 */
public record RecoveryReport(List<PartitionRecovery> partitions) {

  public RecoveryReport {
    partitions = List.copyOf(partitions);
  }

  /** Total bytes cut from torn batches at the ends of partitions. */
  public long truncatedBytes() {
    return partitions.stream().mapToLong(PartitionRecovery::truncatedBytes).sum();
  }

  /**
   * Repairs in one partition.
   *
   * @param stream the stream
   * @param partition the partition
   * @param scannedBytes bytes checked after the last recovery checkpoint
   * @param truncatedBytes bytes of a torn last batch that were cut (never acknowledged data)
   * @param rebuiltIndexes index files that were missing or corrupt and were rebuilt
   */
  public record PartitionRecovery(
      String stream, int partition, long scannedBytes, long truncatedBytes, int rebuiltIndexes) {}
}
