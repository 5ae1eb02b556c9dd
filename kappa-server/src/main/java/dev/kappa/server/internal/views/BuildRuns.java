package dev.kappa.server.internal.views;

import dev.kappa.engine.RunOptions;
import dev.kappa.engine.Source;
import dev.kappa.engine.View;
import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.ViewDeployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of a server's live builds, and which run serves each view: a build's {@link ServedView}
 * is created by {@link #launch}, started in the engine as soon as every one of its source streams
 * exists (until then it is {@link ServedView.State#WAITING}), stopped when its build stops serving
 * or building, and closed {@link ServedViews#DRAIN_MS} ms later; its state lives in {@code
 * <data>/views/<name>/build-<id>} ({@link #directory(String, long)}).
 *
 * <p>Invariants: a run is listed from its launch until it is closed, and a closed run leaves its
 * last report; a build that cannot run keeps the reason why (and so does its view, if it is the
 * serving build); the serving run of a view is one reference, swapped whole at a cutover.
 *
 * <p>Thread-safe: changes hold the lock of its {@link ServedViews}, like every action; reads are
 * lock-free. It logs as {@link ServedViews}, whose part it is.
 */
final class BuildRuns {

  private static final Logger LOG = LoggerFactory.getLogger(ServedViews.class);

  private final ServedViews views;
  private final Path stateRoot;
  private final ScheduledExecutorService ticks;
  private final Map<String, Map<Long, ServedView>> runs = new ConcurrentHashMap<>();
  private final Map<String, ServedView> serving = new ConcurrentHashMap<>();
  private final Map<String, String> unavailable = new ConcurrentHashMap<>();
  private final Map<String, ServedView.Report> ended = new ConcurrentHashMap<>();

  /** Whether some build may wait for a stream; set under the lock, read without it. */
  private volatile boolean anyWaiting;

  BuildRuns(ServedViews views, Path stateRoot, ScheduledExecutorService ticks) {
    this.views = views;
    this.stateRoot = stateRoot;
    this.ticks = ticks;
  }

  /** The run of a build, if it runs or ran since the server started and is not closed yet. */
  Optional<ServedView> run(String name, long build) {
    return Optional.ofNullable(runs.getOrDefault(name, Map.of()).get(build));
  }

  /** The last report of a build's run that was closed, if one was. */
  Optional<ServedView.Report> ended(String name, long build) {
    return Optional.ofNullable(ended.get(name + "#" + build));
  }

  /** The runs of a view, by build. */
  List<ServedView> runs(String name) {
    return new TreeMap<>(runs.getOrDefault(name, Map.of())).values().stream().toList();
  }

  /** Every run of every view, by name then build. */
  List<ServedView> all() {
    List<ServedView> all = new ArrayList<>();
    for (String name : new TreeSet<>(runs.keySet())) {
      all.addAll(runs(name));
    }
    return all;
  }

  /** The run serving queries of {@code name}, or null if none does: one lock-free read. */
  ServedView serving(String name) {
    return serving.get(name);
  }

  /** Why {@code name} has no serving run, if that is known. */
  Optional<String> notServing(String name) {
    return Optional.ofNullable(unavailable.get(name));
  }

  /** Why a build cannot run, if it cannot. */
  Optional<String> unavailable(String name, long build) {
    return Optional.ofNullable(unavailable.get(name + "#" + build));
  }

  /** Starts the waiting builds whose streams all exist now; see {@link ServedViews#refresh()}. */
  void refresh() {
    if (anyWaiting) {
      refreshWaiting();
    }
  }

  private void refreshWaiting() {
    synchronized (views) {
      if (views.isClosed()) {
        return;
      }
      boolean still = false;
      for (Map<Long, ServedView> builds : runs.values()) {
        for (ServedView run : builds.values()) {
          if (run.waiting()) {
            Build build =
                views
                    .deployments
                    .view(run.view().name())
                    .flatMap(d -> d.build(run.build()))
                    .orElseThrow();
            if (build.live()) { // a build retired while waiting stays unstarted
              tryStart(run, build);
              still |= run.waiting();
            }
          }
        }
      }
      anyWaiting = still;
    }
  }

  /**
   * Creates the run of a live build and starts it if it can.
   *
   * @param definition the loaded definition of the build's version, or null if none is
   */
  Optional<ServedView> launch(String name, Build build, DefinedView definition) {
    synchronized (views) {
      String reason = null;
      if (definition == null) {
        reason =
            "build "
                + build.id()
                + " of view "
                + name
                + " runs version "
                + build.version()
                + ", whose definition is not loaded (add its jar to the views directory)";
      } else if (build.fingerprint() != null
          && !build.fingerprint().equals(definition.view().fingerprint())) {
        reason =
            "the definition of "
                + definition.view().id()
                + " changed since build "
                + build.id()
                + " was deployed (fingerprint "
                + shortPrint(build.fingerprint())
                + ", now "
                + shortPrint(definition.view().fingerprint())
                + "); give the changed view a new version and deploy it";
      }
      if (reason != null) {
        unavailable.put(name + "#" + build.id(), reason);
        LOG.warn("{}", reason);
        if (views.deployments.view(name).map(ViewDeployment::serving).orElse(0L) == build.id()) {
          unavailable.put(name, reason);
        }
        return Optional.empty();
      }
      ServedView run = new ServedView(definition, build.id(), missingStreams(definition.view()));
      runs.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(build.id(), run);
      tryStart(run, build);
      return Optional.of(run);
    }
  }

  private static String shortPrint(String fingerprint) {
    return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
  }

  private void tryStart(ServedView run, Build build) {
    if (views.isClosed()) {
      return;
    }
    List<String> missing = missingStreams(run.view());
    if (!missing.isEmpty()) {
      run.stillMissing(missing);
      anyWaiting = true;
      return;
    }
    try {
      long serving =
          views.deployments.view(run.view().name()).map(ViewDeployment::serving).orElse(0L);
      RunOptions options =
          RunOptions.DEFAULTS
              .withId(run.runId())
              .withDirectory(directory(run.view(), build.id()))
              .inBackground(serving != 0 && serving != build.id());
      for (var start : build.start().entrySet()) {
        options = options.from(start.getKey(), start.getValue());
      }
      for (var end : build.end().entrySet()) {
        options = options.until(end.getKey(), end.getValue());
      }
      run.started(views.engine.start(run.view(), options));
      LOG.info("view {} started (from {})", run.runId(), run.origin());
    } catch (RuntimeException e) {
      String reason = "could not start: " + e.getMessage();
      run.failedToStart(reason);
      LOG.warn("view {} (from {}) {}", run.runId(), run.origin(), reason, e);
    }
  }

  /** Where a build keeps its state. */
  Path directory(View<?, ?> view, long build) {
    return directory(view.name(), build);
  }

  Path directory(String name, long build) {
    return stateRoot.resolve(name).resolve("build-" + build);
  }

  /** Makes {@code build} the serving one of {@code name}: one reference swap. */
  void point(String name, long build) {
    synchronized (views) {
      ServedView run = runs.getOrDefault(name, Map.of()).get(build);
      if (run == null) {
        serving.remove(name);
        unavailable.putIfAbsent(name, unavailable.getOrDefault(name + "#" + build, "no run"));
        return;
      }
      serving.put(name, run);
      unavailable.remove(name);
      run.running().ifPresent(running -> running.background(false));
    }
  }

  /**
   * Stops a build's run; its store closes after {@link ServedViews#DRAIN_MS} so queries reading it
   * finish.
   */
  void stopRun(String name, long build) {
    synchronized (views) {
      ServedView run = runs.getOrDefault(name, Map.of()).get(build);
      if (run == null) {
        return;
      }
      views.engine.stop(run.runId());
      if (!views.isClosed()) {
        ticks.schedule(
            () -> release(name, build, run), ServedViews.DRAIN_MS, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Closes a stopped run's store, unless the build runs again by then. */
  private void release(String name, long build, ServedView run) {
    synchronized (views) {
      Map<Long, ServedView> builds = runs.getOrDefault(name, Map.of());
      if (builds.get(build) != run || isLive(name, build)) {
        return;
      }
      ended.put(name + "#" + build, run.report());
      builds.remove(build);
    }
    // Outside the lock: closing a store waits for readers still holding a snapshot.
    views.engine.remove(run.runId());
  }

  /** Stops and closes a build's run at once, for deleting its state. */
  void removeRun(String name, long build) {
    synchronized (views) {
      ServedView run = runs.getOrDefault(name, Map.of()).remove(build);
      if (run != null) {
        ended.put(name + "#" + build, run.report());
        views.engine.remove(run.runId());
      }
    }
  }

  private boolean isLive(String name, long build) {
    return views.deployments.view(name).flatMap(d -> d.build(build)).map(Build::live).orElse(false);
  }

  List<String> missingStreams(View<?, ?> view) {
    return view.sources().stream()
        .map(Source::stream)
        .distinct()
        .filter(s -> !views.log.hasStream(s))
        .toList();
  }
}
