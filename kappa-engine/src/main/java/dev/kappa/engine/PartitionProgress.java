package dev.kappa.engine;

/**
 * How far a view has processed one source partition.
 *
 * @param stream the source stream
 * @param partition the partition
 * @param nextOffset the first offset not yet in committed state
 * @param maxEventTime the largest event time seen in it, or {@link Long#MIN_VALUE} if none
 */
public record PartitionProgress(String stream, int partition, long nextOffset, long maxEventTime) {}
