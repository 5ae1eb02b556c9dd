package dev.kappa.log.internal;

import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamInfo;
import dev.kappa.log.UnknownPartitionException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** A stream's configuration and its partitions. Thread-safe; the partition set never changes. */
final class StreamLog {

  private final StreamConfig config;
  private final PartitionLog[] partitions;
  private final AtomicInteger roundRobin = new AtomicInteger();

  StreamLog(StreamConfig config, PartitionLog[] partitions) {
    this.config = config;
    this.partitions = partitions;
  }

  StreamConfig config() {
    return config;
  }

  PartitionLog partition(int partition) {
    if (partition < 0 || partition >= partitions.length) {
      throw new UnknownPartitionException(config.name(), partition, partitions.length);
    }
    return partitions[partition];
  }

  PartitionLog[] partitions() {
    return partitions;
  }

  /** The partition for records without a key in one append call. */
  int nextRoundRobin() {
    return Math.floorMod(roundRobin.getAndIncrement(), partitions.length);
  }

  StreamInfo info() {
    return new StreamInfo(config, Arrays.stream(partitions).map(PartitionLog::info).toList());
  }
}
