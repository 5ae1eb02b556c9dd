package dev.kappa.log;

import java.util.List;

/**
 * A stream's configuration and the state of each of its partitions.
 *
 * @param config the stream's configuration
 * @param partitions one entry per partition, in partition order
 */
public record StreamInfo(StreamConfig config, List<PartitionInfo> partitions) {

  public StreamInfo {
    partitions = List.copyOf(partitions);
  }

  public String name() {
    return config.name();
  }

  /** Records currently retained, over all partitions. */
  public long recordCount() {
    return partitions.stream().mapToLong(p -> p.durableEnd() - p.startOffset()).sum();
  }

  public long sizeBytes() {
    return partitions.stream().mapToLong(PartitionInfo::sizeBytes).sum();
  }
}
