package dev.kappa.server.internal.lineage;

/**
 * The offsets of one source partition that a build has read: {@code [startOffset, endOffset)}.
 *
 * @param partition the partition number
 * @param startOffset the first offset the build reads
 * @param endOffset one past the last offset in its committed state; null when it is not known (the
 *     build does not run in this server process and none of its runs reported since it started)
 */
public record PartitionRange(int partition, long startOffset, Long endOffset) {

  /** Whether the end is known. */
  public boolean known() {
    return endOffset != null;
  }
}
