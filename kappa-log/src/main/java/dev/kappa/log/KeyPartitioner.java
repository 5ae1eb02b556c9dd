package dev.kappa.log;

import dev.kappa.log.internal.DefaultLog;

/**
 * The partition a key belongs to: Kafka's default partitioner (murmur2 of the key bytes, made
 * non-negative, modulo the partition count), so keys land in the same partition numbers as in a
 * Kafka topic with as many partitions. {@link Log#appendByKey} uses it.
 */
public final class KeyPartitioner {

  private KeyPartitioner() {}

  public static int partition(byte[] key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive, was " + partitions);
    }
    return DefaultLog.partitionForKey(key, partitions);
  }
}
