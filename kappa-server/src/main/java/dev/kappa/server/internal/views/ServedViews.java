package dev.kappa.server.internal.views;

import dev.kappa.engine.RunOptions;
import dev.kappa.engine.Source;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewEngine;
import dev.kappa.log.Log;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.server.ServerConfig;
import dev.kappa.server.ViewSettings;
import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.DeployRefusedException;
import dev.kappa.server.internal.deploy.DeploymentEvent;
import dev.kappa.server.internal.deploy.DeploymentLog;
import dev.kappa.server.internal.deploy.ViewDeployment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views a server runs: the definitions it loaded, the builds its {@link DeploymentLog} says are
 * live, each run by one {@link ViewEngine} with its state in {@code
 * <data>/views/<name>/build-<id>}, and which build of each view serves queries.
 *
 * <p>At start, a view defined but never deployed has its highest version deployed and serving at
 * once (there is nothing older to serve meanwhile); a view whose highest defined version is newer
 * than every version ever built gets that version deployed beside the serving one. Versions not
 * {@link DefinedView#deployedAtStart() deployed at start} are left out of both: they wait for a
 * deploy. Every action after that is a {@link ViewActions} call, recorded before it takes effect.
 *
 * <p>A build starts as soon as every one of its source streams exists: at once, else within {@link
 * #TICK_MS} ms of its last stream being created (or at the next {@link #refresh()}); until then it
 * is {@link ServedView.State#WAITING}. A build the engine refuses is FAILED with the reason.
 *
 * <p>Serving: {@link #serving} reads one reference per view, swapped atomically at a cutover, so a
 * query that resolved its build keeps reading that build's state to the end; a build that stops
 * serving keeps its store open for {@link #DRAIN_MS} ms for such queries.
 *
 * <p>Thread-safe: changes are serialized on this object; reads are lock-free.
 */
public final class ServedViews implements AutoCloseable {

  /** How often waiting builds look for their streams and candidates are checked for cutover. */
  public static final long TICK_MS = 100;

  /** How long a build that stopped serving keeps its store open for queries already reading it. */
  static final long DRAIN_MS = 5_000;

  static final java.time.Duration DRAIN = java.time.Duration.ofMillis(DRAIN_MS);

  private static final Logger LOG = LoggerFactory.getLogger(ServedViews.class);

  final Log log;
  final ViewEngine engine;
  final DeploymentLog deployments;
  final ViewSettings.Deploy settings;
  final Clock clock;
  private final Path stateRoot;
  private final ViewLoader.Loaded loaded;
  private final TreeMap<String, TreeMap<Integer, DefinedView>> definitions = new TreeMap<>();
  private final Map<String, Map<Long, ServedView>> runs = new ConcurrentHashMap<>();
  private final Map<String, ServedView> serving = new ConcurrentHashMap<>();
  private final Map<String, String> unavailable = new ConcurrentHashMap<>();
  private final Map<String, ServedView.Report> ended = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticks;
  private final ViewActions actions;
  private final DeploymentTicks automatic;
  private boolean closed;

  /** Whether some build may wait for a stream; set under the lock, read without it. */
  private volatile boolean anyWaiting;

  private ServedViews(
      Log log,
      ViewEngine engine,
      ViewLoader.Loaded loaded,
      DeploymentLog deployments,
      ViewSettings.Deploy settings,
      Path stateRoot,
      Clock clock) {
    this.log = log;
    this.engine = engine;
    this.loaded = loaded;
    this.deployments = deployments;
    this.settings = settings;
    this.stateRoot = stateRoot;
    this.clock = clock;
    for (DefinedView view : loaded.views()) {
      definitions
          .computeIfAbsent(view.view().name(), n -> new TreeMap<>())
          .put(view.view().version(), view);
    }
    this.actions = new ViewActions(this);
    this.automatic = new DeploymentTicks(this, actions);
    this.ticks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "kappa-views-deploy");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Loads the views {@code config} asks for, reads the deployment record, and starts every live
   * build whose streams exist.
   *
   * @throws dev.kappa.server.ViewLoadException if the views cannot be loaded
   * @throws dev.kappa.server.internal.deploy.CorruptDeploymentsException if the record is corrupt
   */
  public static ServedViews open(ServerConfig config, Log log) {
    ViewSettings settings = config.views();
    ViewContext context = new ViewContext(SchemaRegistry.open(log));
    ViewLoader.Loaded loaded =
        ViewLoader.load(settings, config.dataDir(), context, ServedViews.class.getClassLoader());
    ViewEngine engine = null;
    ServedViews served = null;
    try {
      DeploymentLog deployments = DeploymentLog.open(log);
      Path stateRoot = config.dataDir().resolve(ViewSettings.STATE_DIRECTORY);
      engine =
          ViewEngine.builder(log, stateRoot)
              .threads(settings.threads())
              .clock(config.clock())
              .build();
      served =
          new ServedViews(
              log, engine, loaded, deployments, settings.deploy(), stateRoot, config.clock());
      served.resume();
      served.ticks.scheduleWithFixedDelay(served::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
      return served;
    } catch (RuntimeException | Error e) {
      if (served != null) {
        served.close();
      } else {
        if (engine != null) {
          engine.close();
        }
        loaded.close();
      }
      throw e;
    }
  }

  /** The deployment actions: deploy, replay, promote, rollback, retire. */
  public ViewActions actions() {
    return actions;
  }

  /** Every view name, defined or deployed, in order. */
  public List<String> names() {
    TreeSet<String> names = new TreeSet<>(definitions.keySet());
    names.addAll(deployments.views().keySet());
    return List.copyOf(names);
  }

  /** The view's deployment state, or an empty one if it was never deployed. */
  public Optional<ViewDeployment> deployment(String name) {
    return deployments.view(name);
  }

  public List<DeploymentEvent> history(String name) {
    requireKnown(name);
    return deployments.history(name);
  }

  /** The defined versions of a view, by version. */
  public synchronized Map<Integer, DefinedView> definitions(String name) {
    return new TreeMap<>(definitions.getOrDefault(name, new TreeMap<>()));
  }

  /** The run of a build, if it runs or ran since the server started. */
  public Optional<ServedView> run(String name, long build) {
    return Optional.ofNullable(runs.getOrDefault(name, Map.of()).get(build));
  }

  /**
   * The latest report of a build's run: its run's now, else the last one it gave before its run was
   * closed; empty if it did not run since the server started.
   */
  public Optional<ServedView.Report> report(String name, long build) {
    return run(name, build)
        .map(ServedView::report)
        .or(() -> Optional.ofNullable(ended.get(name + "#" + build)));
  }

  /** The runs of a view, by build. */
  public List<ServedView> runs(String name) {
    return new TreeMap<>(runs.getOrDefault(name, Map.of())).values().stream().toList();
  }

  /**
   * The build serving queries of {@code name}.
   *
   * @throws DeployRefusedException UNKNOWN_VIEW if there is no such view, BUILD_NOT_RUNNING if its
   *     serving build cannot run
   */
  public ServedView serving(String name) {
    ServedView view = serving.get(name);
    if (view != null) {
      return view;
    }
    requireKnown(name);
    throw new DeployRefusedException(
        DeployRefusedException.Reason.BUILD_NOT_RUNNING,
        unavailable.getOrDefault(name, "view " + name + " has no serving build"));
  }

  /**
   * The build of {@code version} a query pinned to it reads: the serving build if it is of that
   * version, else the newest running build of it.
   */
  public ServedView pinned(String name, int version) {
    requireKnown(name);
    ServedView now = serving.get(name);
    if (now != null && now.view().version() == version) {
      return now;
    }
    List<ServedView> all = runs(name);
    for (int i = all.size() - 1; i >= 0; i--) {
      ServedView run = all.get(i);
      if (run.view().version() == version) {
        Build build = deployments.view(name).flatMap(d -> d.build(run.build())).orElseThrow();
        if (build.live()) {
          return run;
        }
      }
    }
    throw new DeployRefusedException(
        DeployRefusedException.Reason.UNKNOWN_VERSION,
        "view " + name + " has no running build of version " + version);
  }

  /** The run of a given build, which must be running or finished. */
  public ServedView pinnedBuild(String name, long build) {
    requireKnown(name);
    return run(name, build)
        .filter(run -> run.running().isPresent())
        .orElseThrow(
            () ->
                new DeployRefusedException(
                    DeployRefusedException.Reason.UNKNOWN_BUILD,
                    "view " + name + " has no running build " + build));
  }

  /**
   * @throws DeployRefusedException UNKNOWN_VIEW if no view has this name
   */
  public void requireKnown(String name) {
    if (!definitions.containsKey(name) && deployments.view(name).isEmpty()) {
      throw new DeployRefusedException(
          DeployRefusedException.Reason.UNKNOWN_VIEW,
          "no view is named '" + name + "'; GET /views lists them");
    }
  }

  /**
   * Starts every waiting build whose source streams all exist now. Takes no lock when no build
   * waits, so queries, which call it first, never queue behind a deployment action.
   */
  public void refresh() {
    if (anyWaiting) {
      refreshWaiting();
    }
  }

  private synchronized void refreshWaiting() {
    if (closed) {
      return;
    }
    boolean still = false;
    for (Map<Long, ServedView> builds : runs.values()) {
      for (ServedView run : builds.values()) {
        if (run.waiting()) {
          Build build =
              deployments.view(run.view().name()).flatMap(d -> d.build(run.build())).orElseThrow();
          if (build.live()) { // a build retired while waiting stays unstarted
            tryStart(run, build);
            still |= run.waiting();
          }
        }
      }
    }
    anyWaiting = still;
  }

  private void tick() {
    try {
      refresh();
      automatic.tick();
    } catch (RuntimeException e) {
      LOG.warn("checking view deployments failed", e);
    }
  }

  /** Runs the live builds of the record, then deploys what the definitions add. */
  private synchronized void resume() {
    for (ViewDeployment view : deployments.views().values()) {
      for (Build build : view.builds()) {
        if (build.live()) {
          launch(view.name(), build);
        } else if (!build.hasState()) {
          BuildDirectories.delete(directory(view.name(), build.id())); // left by a crash
        }
      }
      if (view.serving() != 0) {
        point(view.name(), view.serving());
      }
    }
    for (var entry : definitions.entrySet()) {
      entry.getValue().descendingMap().values().stream()
          .filter(DefinedView::deployedAtStart)
          .findFirst()
          .ifPresent(highest -> actions.deployAtStart(entry.getKey(), highest));
    }
  }

  /** Creates the run of a live build and starts it if it can. */
  synchronized Optional<ServedView> launch(String name, Build build) {
    DefinedView definition = definitions.getOrDefault(name, new TreeMap<>()).get(build.version());
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
      if (deployments.view(name).map(ViewDeployment::serving).orElse(0L) == build.id()) {
        unavailable.put(name, reason);
      }
      return Optional.empty();
    }
    ServedView run = new ServedView(definition, build.id(), missingStreams(definition.view()));
    runs.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(build.id(), run);
    tryStart(run, build);
    return Optional.of(run);
  }

  /** Why a build cannot run, if it cannot. */
  public Optional<String> unavailable(String name, long build) {
    return Optional.ofNullable(unavailable.get(name + "#" + build));
  }

  private static String shortPrint(String fingerprint) {
    return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
  }

  private void tryStart(ServedView run, Build build) {
    if (closed) {
      return;
    }
    List<String> missing = missingStreams(run.view());
    if (!missing.isEmpty()) {
      run.stillMissing(missing);
      anyWaiting = true;
      return;
    }
    try {
      long serving = deployments.view(run.view().name()).map(ViewDeployment::serving).orElse(0L);
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
      run.started(engine.start(run.view(), options));
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
  synchronized void point(String name, long build) {
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

  /** Stops a build's run; its store closes after {@link #DRAIN_MS} so queries reading it finish. */
  synchronized void stopRun(String name, long build) {
    ServedView run = runs.getOrDefault(name, Map.of()).get(build);
    if (run == null) {
      return;
    }
    engine.stop(run.runId());
    if (!closed) {
      ticks.schedule(() -> release(name, build, run), DRAIN_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Closes a stopped run's store, unless the build runs again by then. */
  private void release(String name, long build, ServedView run) {
    synchronized (this) {
      Map<Long, ServedView> builds = runs.getOrDefault(name, Map.of());
      if (builds.get(build) != run || isLive(name, build)) {
        return;
      }
      ended.put(name + "#" + build, run.report());
      builds.remove(build);
    }
    // Outside the lock: closing a store waits for readers still holding a snapshot.
    engine.remove(run.runId());
  }

  /** Stops and closes a build's run at once, for deleting its state. */
  synchronized void removeRun(String name, long build) {
    ServedView run = runs.getOrDefault(name, Map.of()).remove(build);
    if (run != null) {
      ended.put(name + "#" + build, run.report());
      engine.remove(run.runId());
    }
  }

  private boolean isLive(String name, long build) {
    return deployments.view(name).flatMap(d -> d.build(build)).map(Build::live).orElse(false);
  }

  List<String> missingStreams(View<?, ?> view) {
    return view.sources().stream()
        .map(Source::stream)
        .distinct()
        .filter(s -> !log.hasStream(s))
        .toList();
  }

  /** Stops every view, committing what it processed, and releases the state stores and jars. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    ticks.shutdownNow();
    try {
      engine.close();
    } finally {
      loaded.close();
    }
  }

  /** Every run of every view, by name then build. */
  public List<ServedView> all() {
    List<ServedView> all = new ArrayList<>();
    for (String name : new TreeSet<>(runs.keySet())) {
      all.addAll(runs(name));
    }
    return all;
  }
}
