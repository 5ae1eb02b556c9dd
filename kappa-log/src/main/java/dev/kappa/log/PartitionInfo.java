package dev.kappa.log;

/**
 * A partition's positions and size at one moment.
 *
 * @param partition the partition number
 * @param startOffset the oldest offset still retained
 * @param endOffset the offset the next appended record will get
 * @param durableEnd one past the last durable offset; readers never see offsets at or past it
 * @param sizeBytes bytes of segment files
 * @param segmentCount number of segments
 */
public record PartitionInfo(
    int partition,
    long startOffset,
    long endOffset,
    long durableEnd,
    long sizeBytes,
    int segmentCount) {}
