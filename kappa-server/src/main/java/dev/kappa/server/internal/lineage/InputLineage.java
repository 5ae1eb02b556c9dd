package dev.kappa.server.internal.lineage;

import java.util.List;

/**
 * What a build read from one source stream.
 *
 * @param stream the stream
 * @param partitions the range of each partition, by partition
 * @param schemaVersions the schema versions of the stream its values in those ranges were written
 *     with, ascending; empty for a stream without Avro values
 * @param schemaVersionsComplete false if part of what the build read could not be looked at
 *     (retention deleted it, a range's end is unknown, or a partition has no known range), so
 *     versions may be missing
 */
public record InputLineage(
    String stream,
    List<PartitionRange> partitions,
    List<Integer> schemaVersions,
    boolean schemaVersionsComplete) {

  public InputLineage {
    partitions = List.copyOf(partitions);
    schemaVersions = List.copyOf(schemaVersions);
  }
}
