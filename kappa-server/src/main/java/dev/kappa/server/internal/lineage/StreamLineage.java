package dev.kappa.server.internal.lineage;

import java.util.List;

/**
 * A stream as a node of the lineage graph.
 *
 * @param name the stream
 * @param exists whether it exists on the log (a waiting build reads a stream not created yet)
 * @param partitions its partition count, 0 if it does not exist
 * @param registeredSchemaVersions every schema version registered for it, ascending, whether or not
 *     a build read values of it
 */
public record StreamLineage(
    String name, boolean exists, int partitions, List<Integer> registeredSchemaVersions) {

  public StreamLineage {
    registeredSchemaVersions = List.copyOf(registeredSchemaVersions);
  }
}
