package dev.kappa.server.internal.views;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * <p>The runs themselves, and which one serves, are kept by its {@link BuildRuns}.
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
  private final ViewLoader.Loaded loaded;
  private final TreeMap<String, TreeMap<Integer, DefinedView>> definitions = new TreeMap<>();
  private final ScheduledExecutorService ticks;

  /** The runs of the live builds, and which serves each view. */
  final BuildRuns runs;

  private final ViewActions actions;
  private final DeploymentTicks automatic;
  private boolean closed;

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
    this.runs = new BuildRuns(this, stateRoot, ticks);
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
    return runs.run(name, build);
  }

  /**
   * The latest report of a build's run: its run's now, else the last one it gave before its run was
   * closed; empty if it did not run since the server started.
   */
  public Optional<ServedView.Report> report(String name, long build) {
    return run(name, build).map(ServedView::report).or(() -> runs.ended(name, build));
  }

  /** The runs of a view, by build. */
  public List<ServedView> runs(String name) {
    return runs.runs(name);
  }

  /**
   * The run serving {@code name} right now, if one does: one lock-free read, which neither starts
   * waiting builds nor blocks, for callers on threads that must not block.
   */
  public Optional<ServedView> servingNow(String name) {
    return Optional.ofNullable(runs.serving(name));
  }

  /**
   * The build serving queries of {@code name}.
   *
   * @throws DeployRefusedException UNKNOWN_VIEW if there is no such view, BUILD_NOT_RUNNING if its
   *     serving build cannot run
   */
  public ServedView serving(String name) {
    ServedView view = runs.serving(name);
    if (view != null) {
      return view;
    }
    requireKnown(name);
    throw new DeployRefusedException(
        DeployRefusedException.Reason.BUILD_NOT_RUNNING,
        runs.notServing(name).orElse("view " + name + " has no serving build"));
  }

  /**
   * The build of {@code version} a query pinned to it reads: the serving build if it is of that
   * version, else the newest running build of it.
   */
  public ServedView pinned(String name, int version) {
    requireKnown(name);
    ServedView now = runs.serving(name);
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
    runs.refresh();
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
          BuildDirectories.delete(runs.directory(view.name(), build.id())); // left by a crash
        }
      }
      if (view.serving() != 0) {
        runs.point(view.name(), view.serving());
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
    return runs.launch(name, build, definition);
  }

  /** Why a build cannot run, if it cannot. */
  public Optional<String> unavailable(String name, long build) {
    return runs.unavailable(name, build);
  }

  /** Whether {@link #close()} began; read it under this object's lock. */
  boolean isClosed() {
    return closed;
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
    return runs.all();
  }
}
