package dev.kappa.server.internal.lineage;

import dev.kappa.engine.Source;
import dev.kappa.engine.ViewStatus;
import dev.kappa.log.Log;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.UnknownSchemaException;
import dev.kappa.server.internal.deploy.Action;
import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.DeploymentEvent;
import dev.kappa.server.internal.deploy.ViewDeployment;
import dev.kappa.server.internal.views.DefinedView;
import dev.kappa.server.internal.views.ServedView;
import dev.kappa.server.internal.views.ServedViews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Assembles the {@link Lineage} of a server's views from the deployment record (which builds exist,
 * their versions, fingerprints and start offsets), the builds' runs (the offsets each has
 * committed), the log (the writer schema id in each value read) and the schema registry (the
 * version of each id).
 *
 * <p>A build's range of a partition is {@code [start, committed)} as its run reports it; a build
 * without a run in this process since the server started (a build retired before a restart, say)
 * has its start from the record and an unknown end. Writer schemas are found by {@link
 * WriterSchemas}, exactly, incrementally and cached per build.
 *
 * <p>Thread-safe.
 */
public final class LineageCatalog {

  private final ServedViews views;
  private final Log log;
  private final SchemaRegistry registry;
  private final WriterSchemas writers;

  public LineageCatalog(ServedViews views, Log log, SchemaRegistry registry) {
    this.views = views;
    this.log = log;
    this.registry = registry;
    this.writers = new WriterSchemas(log);
  }

  /**
   * The lineage of every build of every view, or of one view's.
   *
   * @param view the view to describe, or null for all
   * @throws dev.kappa.server.internal.deploy.DeployRefusedException UNKNOWN_VIEW if {@code view}
   *     names no view
   */
  public Lineage lineage(String view) {
    List<String> names = view == null ? views.names() : List.of(view);
    if (view != null) {
      views.requireKnown(view);
    }
    List<BuildLineage> builds = new ArrayList<>();
    TreeSet<String> streams = new TreeSet<>();
    Set<String> scanned = new HashSet<>();
    for (String name : names) {
      ViewDeployment deployment = views.deployment(name).orElse(null);
      if (deployment == null) {
        continue;
      }
      for (Build build : deployment.builds()) {
        BuildLineage lineage = build(name, build);
        builds.add(lineage);
        lineage.inputs().forEach(input -> streams.add(input.stream()));
        streams.addAll(lineage.outputs());
        scanned.add(name + "#" + build.id());
      }
    }
    if (view == null) {
      writers.retain(scanned);
    }
    return new Lineage(streams.stream().map(this::stream).toList(), builds);
  }

  private StreamLineage stream(String name) {
    List<Integer> registered =
        registry.versions(name).stream().map(SchemaVersion::version).toList();
    if (!log.hasStream(name)) {
      return new StreamLineage(name, false, 0, registered);
    }
    return new StreamLineage(name, true, log.describeStream(name).partitions().size(), registered);
  }

  private BuildLineage build(String name, Build build) {
    DefinedView definition = views.definitions(name).get(build.version());
    boolean same =
        definition != null
            && (build.fingerprint() == null
                || build.fingerprint().equals(definition.view().fingerprint()));
    Optional<ServedView.Report> report = views.report(name, build.id());
    TreeSet<String> sources = new TreeSet<>(build.start().keySet());
    if (same) {
      definition.view().sources().stream().map(Source::stream).forEach(sources::add);
    }
    report.ifPresent(r -> r.partitions().forEach(p -> sources.add(p.stream())));
    List<InputLineage> inputs = new ArrayList<>();
    for (String stream : sources) {
      inputs.add(input(name, build, stream, report.map(ServedView.Report::partitions)));
    }
    return new BuildLineage(
        name,
        build.id(),
        build.version(),
        build.role(),
        build.status().name(),
        report.map(r -> r.state().name()).orElse(null),
        build.fingerprint(),
        same ? definition.origin() : null,
        build.deployedAt(),
        ended(name, build),
        inputs,
        List.of());
  }

  /** When a build stopped: its retirement, else when it was deleted; null while it runs. */
  private Instant ended(String name, Build build) {
    if (build.retiredAt() != null || build.live()) {
      return build.retiredAt();
    }
    Instant at = null;
    for (DeploymentEvent event : views.history(name)) {
      if (event.build() == build.id() && event.action() == Action.DELETE) {
        at = event.at();
      }
    }
    return at;
  }

  private InputLineage input(
      String name, Build build, String stream, Optional<List<ViewStatus.PartitionLag>> reported) {
    TreeMap<Integer, PartitionRange> ranges = new TreeMap<>();
    List<Long> starts = build.start().getOrDefault(stream, List.of());
    for (int p = 0; p < starts.size(); p++) {
      ranges.put(p, new PartitionRange(p, starts.get(p), null));
    }
    for (ViewStatus.PartitionLag lag : reported.orElse(List.of())) {
      if (lag.stream().equals(stream)) {
        ranges.put(
            lag.partition(),
            new PartitionRange(lag.partition(), lag.startOffset(), lag.committedOffset()));
      }
    }
    if (!log.hasStream(stream) || registry.versions(stream).isEmpty()) {
      return new InputLineage(stream, List.copyOf(ranges.values()), List.of(), true);
    }
    TreeSet<Integer> versions = new TreeSet<>();
    // A partition without a range was read by a run this process did not see, or not at all.
    boolean complete = ranges.size() >= log.describeStream(stream).partitions().size();
    for (PartitionRange range : ranges.values()) {
      if (!range.known()) {
        complete = false;
        continue;
      }
      WriterSchemas.Found found =
          writers.ids(
              new WriterSchemas.Key(name, build.id(), stream, range.partition()),
              range.startOffset(),
              range.endOffset());
      complete &= found.complete();
      for (int id : found.ids()) {
        versionOf(stream, id).ifPresent(versions::add);
      }
    }
    return new InputLineage(stream, List.copyOf(ranges.values()), List.copyOf(versions), complete);
  }

  /** The version of {@code stream} whose id this is; empty for an id of no version of it. */
  private Optional<Integer> versionOf(String stream, int id) {
    try {
      SchemaVersion version = registry.byId(id);
      return version.stream().equals(stream) ? Optional.of(version.version()) : Optional.empty();
    } catch (UnknownSchemaException e) {
      return Optional.empty();
    }
  }
}
