package dev.kappa.server.internal.views;

import static dev.kappa.server.internal.deploy.DeployRefusedException.Reason;

import dev.kappa.engine.Source;
import dev.kappa.server.internal.deploy.Action;
import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.DeployRefusedException;
import dev.kappa.server.internal.deploy.DeploymentEvent;
import dev.kappa.server.internal.deploy.StartPoint;
import dev.kappa.server.internal.deploy.ViewDeployment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What can be done to a view's builds: deploy a version, replay one from a point, build one as of a
 * past time, promote a build to serving, roll back, retire, drop. Each action is checked, recorded
 * durably in the {@link dev.kappa.server.internal.deploy.DeploymentLog}, and only then carried out;
 * a refused action changes nothing ({@link DeployRefusedException}).
 *
 * <p>What the server does by itself on each tick is in {@link DeploymentTicks}; most checks that
 * refuse an action are in {@link BuildChecks}.
 *
 * <p>Thread-safe: every action holds the lock of its {@link ServedViews}.
 */
public final class ViewActions {

  private static final Logger LOG = LoggerFactory.getLogger(ViewActions.class);

  private final ServedViews views;
  private final BuildChecks checks;

  ViewActions(ServedViews views) {
    this.views = views;
    this.checks = new BuildChecks(views);
  }

  /**
   * Deploys {@code version} (the highest defined if null) of view {@code name} from {@code from}: a
   * new build beside the serving one, which takes over once it has caught up if {@code autoCutover}
   * (null: the server's setting). A view's first build serves at once.
   */
  public Build deploy(
      String name, Integer version, StartPoint from, Boolean autoCutover, String actor) {
    synchronized (views) {
      DefinedView definition = checks.definition(name, version);
      ViewDeployment now = state(name);
      checks.requireNotDeployed(name, now, definition);
      return start(Action.DEPLOY, definition, from, autoCutover, actor, "deployed");
    }
  }

  /** Rebuilds {@code version} of view {@code name} from {@code from} as a new build. */
  public Build replay(
      String name, int version, StartPoint from, Boolean autoCutover, String actor) {
    synchronized (views) {
      return start(
          Action.REPLAY,
          checks.definition(name, version),
          from,
          autoCutover,
          actor,
          "replay requested");
    }
  }

  /**
   * Builds {@code version} of view {@code name} as of {@code epochMillis}: from the beginning up to
   * the first record of each partition at or after that time. The build never serves; query it with
   * its build id, then drop it.
   */
  public Build asOf(String name, int version, long epochMillis, String actor) {
    synchronized (views) {
      DefinedView definition = checks.definition(name, version);
      List<String> streams = streams(definition);
      checks.requireStreams(definition);
      Map<String, List<Long>> start = StartPoint.BEGINNING.resolve(views.log, streams);
      Map<String, List<Long>> end = new StartPoint.AtTime(epochMillis).resolve(views.log, streams);
      ViewDeployment now = state(name);
      DeploymentEvent event =
          new DeploymentEvent(
              Action.AS_OF,
              name,
              now.nextBuildId(),
              version,
              0,
              0,
              definition.view().fingerprint(),
              start,
              end,
              epochMillis,
              false,
              actor,
              now(),
              "as of " + Instant.ofEpochMilli(epochMillis));
      ViewDeployment after = views.deployments.record(event);
      Build build = after.build(event.build()).orElseThrow();
      views.launch(name, build);
      return build;
    }
  }

  /**
   * Makes the candidate build (of {@code version}, if given) serve; unless {@code force}, only once
   * it has caught up.
   */
  public Build promote(String name, Integer version, boolean force, String actor) {
    synchronized (views) {
      ViewDeployment now = state(name);
      Build candidate = checks.candidate(name, now, version);
      ServedView run = checks.runOf(name, candidate);
      if (!force) {
        checks.requireCaughtUp(name, candidate, behind(name, now, run));
      }
      return cutover(name, now, candidate, actor, force ? "promoted (forced)" : "promoted");
    }
  }

  /** Serves the build that served before the serving one again; the serving one retires. */
  public Build rollback(String name, String actor) {
    synchronized (views) {
      ViewDeployment now = state(name);
      Build target = checks.rollbackTarget(name, now);
      DefinedView definition = checks.definition(name, target.version());
      if (target.fingerprint() != null
          && !target.fingerprint().equals(definition.view().fingerprint())) {
        throw new DeployRefusedException(
            Reason.DEFINITION_CHANGED,
            "build "
                + target.id()
                + " ran another definition of "
                + definition.view().id()
                + " than the one loaded now; it cannot serve again");
      }
      Build serving = now.servingBuild().orElseThrow();
      DeploymentEvent event =
          new DeploymentEvent(
              Action.ROLLBACK,
              name,
              target.id(),
              target.version(),
              serving.id(),
              serving.version(),
              definition.view().fingerprint(),
              Map.of(),
              Map.of(),
              null,
              false,
              actor,
              now(),
              "rolled back from version " + serving.version());
      ViewDeployment after = views.deployments.record(event);
      Build restored = after.build(target.id()).orElseThrow();
      views.launch(name, restored);
      views.runs.point(name, restored.id());
      views.runs.stopRun(name, serving.id());
      LOG.info("view {}: rolled back from build {} to build {}", name, serving.id(), target.id());
      return restored;
    }
  }

  /** Stops the building build of {@code version} (a candidate or a temporary one). */
  public Build retire(String name, int version, String actor) {
    synchronized (views) {
      ViewDeployment now = state(name);
      Build build = checks.retirable(name, now, version);
      ViewDeployment after = views.deployments.record(simple(Action.RETIRE, name, build, actor));
      views.runs.stopRun(name, build.id());
      return after.build(build.id()).orElseThrow();
    }
  }

  /** Deletes a build's state now: a temporary build, or one that no longer serves. */
  public Build drop(String name, long id, String actor) {
    synchronized (views) {
      ViewDeployment now = state(name);
      Build build = checks.droppable(name, now, id);
      return delete(name, build, actor, "dropped");
    }
  }

  /**
   * At start: deploys {@code highest} if the view never was, or if it is newer than every build.
   */
  void deployAtStart(String name, DefinedView highest) {
    ViewDeployment now = state(name);
    boolean newer = now.builds().stream().allMatch(b -> b.version() < highest.view().version());
    if (!newer || (now.serving() != 0 && now.candidate().isPresent())) {
      return;
    }
    try {
      start(
          Action.DEPLOY,
          highest,
          StartPoint.BEGINNING,
          null,
          DeploymentEvent.SYSTEM,
          now.serving() == 0 ? "first version found at start" : "new version found at start");
    } catch (DeployRefusedException e) {
      LOG.warn("view {} could not be deployed at start: {}", highest.view().id(), e.getMessage());
    }
  }

  /** Why {@code run} cannot take over from the serving build of {@code view} yet, if it cannot. */
  Optional<String> behind(String name, ViewDeployment view, ServedView run) {
    ServedView serving = views.run(name, view.serving()).orElse(null);
    return CutoverRule.behind(
        run.report(), serving == null ? null : serving.report(), views.settings.cutoverMaxLag());
  }

  Build cutover(String name, ViewDeployment now, Build candidate, String actor, String reason) {
    Build serving = now.servingBuild().orElse(null);
    DeploymentEvent event =
        new DeploymentEvent(
            Action.PROMOTE,
            name,
            candidate.id(),
            candidate.version(),
            serving == null ? 0 : serving.id(),
            serving == null ? 0 : serving.version(),
            null,
            Map.of(),
            Map.of(),
            null,
            false,
            actor,
            now(),
            reason);
    ViewDeployment after = views.deployments.record(event);
    views.runs.point(name, candidate.id());
    if (serving != null) {
      views.runs.stopRun(name, serving.id());
    }
    LOG.info(
        "view {}: build {} (version {}) serves ({})",
        name,
        candidate.id(),
        candidate.version(),
        reason);
    return after.build(candidate.id()).orElseThrow();
  }

  private Build start(
      Action action,
      DefinedView definition,
      StartPoint from,
      Boolean autoCutover,
      String actor,
      String reason) {
    String name = definition.view().name();
    ViewDeployment now = state(name);
    checks.requireStartable(name, now, definition);
    // From the beginning needs no offsets, so a view can be deployed before its streams exist.
    Map<String, List<Long>> start = Map.of();
    if (!(from instanceof StartPoint.Beginning)) {
      checks.requireStreams(definition);
      start = from.resolve(views.log, streams(definition));
    }
    DeploymentEvent event =
        new DeploymentEvent(
            action,
            name,
            now.nextBuildId(),
            definition.view().version(),
            0,
            0,
            definition.view().fingerprint(),
            start,
            Map.of(),
            null,
            autoCutover == null ? views.settings.autoCutover() : autoCutover,
            actor,
            now(),
            reason);
    ViewDeployment after = views.deployments.record(event);
    Build build = after.build(event.build()).orElseThrow();
    views.launch(name, build);
    if (after.serving() == 0) {
      return cutover(name, after, build, actor, "the view's first build serves at once");
    }
    LOG.info("view {}: build {} of version {} {}", name, build.id(), build.version(), reason);
    return build;
  }

  /**
   * Records the deletion, then deletes: a crash in between leaves a directory the record says is
   * gone, which the next start removes; the reverse order could leave a record pointing at a
   * half-deleted store.
   */
  Build delete(String name, Build build, String actor, String reason) {
    ViewDeployment after = views.deployments.record(simple(Action.DELETE, name, build, actor));
    views.runs.removeRun(name, build.id());
    BuildDirectories.delete(views.runs.directory(name, build.id()));
    LOG.info("view {}: state of build {} deleted ({})", name, build.id(), reason);
    return after.build(build.id()).orElseThrow();
  }

  private DeploymentEvent simple(Action action, String name, Build build, String actor) {
    return new DeploymentEvent(
        action,
        name,
        build.id(),
        build.version(),
        0,
        0,
        null,
        Map.of(),
        Map.of(),
        null,
        false,
        actor,
        now(),
        null);
  }

  private static List<String> streams(DefinedView definition) {
    return definition.view().sources().stream().map(Source::stream).distinct().toList();
  }

  private ViewDeployment state(String name) {
    return views.deployments.view(name).orElse(emptyState(name));
  }

  private static ViewDeployment emptyState(String name) {
    return new ViewDeployment(name, List.of(), 0, List.of());
  }

  private Instant now() {
    return views.clock.instant();
  }
}
