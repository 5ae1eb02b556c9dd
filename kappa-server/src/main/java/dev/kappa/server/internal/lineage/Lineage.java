package dev.kappa.server.internal.lineage;

import java.util.List;

/**
 * The lineage of a server's views at one moment: every stream a build reads or writes, and every
 * build. Immutable.
 *
 * @param streams by name
 * @param builds by view name, then build
 */
public record Lineage(List<StreamLineage> streams, List<BuildLineage> builds) {

  public Lineage {
    streams = List.copyOf(streams);
    builds = List.copyOf(builds);
  }
}
