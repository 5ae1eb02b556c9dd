package dev.kappa.server.internal.views;

import static dev.kappa.server.internal.deploy.DeployRefusedException.Reason;

import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.DeployRefusedException;
import dev.kappa.server.internal.deploy.ViewDeployment;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checks that refuse a {@link ViewActions} action before anything is recorded: each returns
 * what the action acts on (a definition, a build, a run) or throws {@link DeployRefusedException}
 * with the reason and what to do instead. A check only reads, so a refused action changes nothing.
 *
 * <p>Thread-safe: it keeps no state; {@link ViewActions} calls it holding the lock of its {@link
 * ServedViews}, so the deployment state an action checks is the one it then records against.
 */
final class BuildChecks {

  private final ServedViews views;

  BuildChecks(ServedViews views) {
    this.views = views;
  }

  /**
   * The definition of {@code version} of view {@code name}, the highest defined if null.
   *
   * @throws DeployRefusedException UNKNOWN_VIEW, or UNKNOWN_VERSION if it is not defined here
   */
  DefinedView definition(String name, Integer version) {
    views.requireKnown(name);
    TreeMap<Integer, DefinedView> defined = new TreeMap<>(views.definitions(name));
    if (defined.isEmpty()) {
      throw new DeployRefusedException(
          Reason.UNKNOWN_VERSION, "no version of view " + name + " is defined in this server");
    }
    DefinedView definition =
        version == null ? defined.lastEntry().getValue() : defined.get(version);
    if (definition == null) {
      throw new DeployRefusedException(
          Reason.UNKNOWN_VERSION,
          "view "
              + name
              + " has no version "
              + version
              + " defined; defined versions: "
              + defined.keySet());
    }
    return definition;
  }

  /**
   * @throws DeployRefusedException INVALID_POSITION if a stream the view reads does not exist yet
   */
  void requireStreams(DefinedView definition) {
    List<String> missing = views.runs.missingStreams(definition.view());
    if (!missing.isEmpty()) {
      throw new DeployRefusedException(
          Reason.INVALID_POSITION,
          "view " + definition.view().id() + " reads streams that do not exist yet: " + missing);
    }
  }

  /**
   * For a deploy: no live, non-temporary build of the defined version exists already.
   *
   * @throws DeployRefusedException DEPLOYMENT_IN_PROGRESS if one does
   */
  void requireNotDeployed(String name, ViewDeployment now, DefinedView definition) {
    for (Build build : now.builds()) {
      if (build.version() == definition.view().version() && build.live() && !build.temporary()) {
        throw new DeployRefusedException(
            Reason.DEPLOYMENT_IN_PROGRESS,
            "version "
                + build.version()
                + " of view "
                + name
                + " is already deployed (build "
                + build.id()
                + ", "
                + build.status()
                + "); replay it to rebuild it");
      }
    }
  }

  /**
   * For starting a build: no candidate is catching up, and no build of the definition's version ran
   * another definition of it.
   *
   * @throws DeployRefusedException DEPLOYMENT_IN_PROGRESS or DEFINITION_CHANGED
   */
  void requireStartable(String name, ViewDeployment now, DefinedView definition) {
    now.candidate()
        .ifPresent(
            c -> {
              throw new DeployRefusedException(
                  Reason.DEPLOYMENT_IN_PROGRESS,
                  "build "
                      + c.id()
                      + " (version "
                      + c.version()
                      + ") of view "
                      + name
                      + " is still catching up; promote or retire it first");
            });
    for (Build build : now.builds()) {
      if (build.version() == definition.view().version()
          && build.fingerprint() != null
          && !build.fingerprint().equals(definition.view().fingerprint())) {
        throw new DeployRefusedException(
            Reason.DEFINITION_CHANGED,
            "the definition of "
                + definition.view().id()
                + " differs from the one build "
                + build.id()
                + " ran; give the changed view a new version");
      }
    }
  }

  /**
   * For a promote: the candidate build (of {@code version}, if given).
   *
   * @throws DeployRefusedException UNKNOWN_BUILD if there is none
   */
  Build candidate(String name, ViewDeployment now, Integer version) {
    return now.candidate()
        .filter(b -> version == null || b.version() == version)
        .orElseThrow(
            () ->
                new DeployRefusedException(
                    Reason.UNKNOWN_BUILD,
                    "view "
                        + name
                        + " has no build "
                        + (version == null ? "" : "of version " + version + " ")
                        + "waiting to serve; deploy one first"));
  }

  /**
   * For a promote without force: the candidate has caught up.
   *
   * @param behind why the candidate cannot take over yet, if it cannot
   * @throws DeployRefusedException NOT_CAUGHT_UP if it has not
   */
  void requireCaughtUp(String name, Build candidate, Optional<String> behind) {
    if (behind.isPresent()) {
      throw new DeployRefusedException(
          Reason.NOT_CAUGHT_UP,
          "build "
              + candidate.id()
              + " of view "
              + name
              + " has not caught up: "
              + behind.get()
              + "; wait, or promote with force");
    }
  }

  /**
   * For a rollback: the build that served before the serving one, whose state is kept.
   *
   * @throws DeployRefusedException NOTHING_TO_ROLL_BACK if there is none
   */
  Build rollbackTarget(String name, ViewDeployment now) {
    return now.rollbackTarget()
        .orElseThrow(
            () ->
                new DeployRefusedException(
                    Reason.NOTHING_TO_ROLL_BACK,
                    "view "
                        + name
                        + " has no earlier build whose state is kept; nothing to roll"
                        + " back to"));
  }

  /**
   * For a retire: the newest building build of {@code version}, which must not be the serving
   * version.
   *
   * @throws DeployRefusedException VERSION_SERVING, or UNKNOWN_BUILD if none builds
   */
  Build retirable(String name, ViewDeployment now, int version) {
    Build serving = now.servingBuild().orElse(null);
    if (serving != null && serving.version() == version) {
      throw new DeployRefusedException(
          Reason.VERSION_SERVING,
          "version "
              + version
              + " of view "
              + name
              + " serves queries; deploy or roll back to another version first");
    }
    return now.builds().stream()
        .filter(b -> b.version() == version && b.status() == Build.Status.BUILDING)
        .reduce((a, b) -> b)
        .orElseThrow(
            () ->
                new DeployRefusedException(
                    Reason.UNKNOWN_BUILD,
                    "view " + name + " has no running build of version " + version));
  }

  /**
   * For a drop: build {@code id}, which must not serve and must have state left.
   *
   * @throws DeployRefusedException UNKNOWN_BUILD, or VERSION_SERVING if it serves
   */
  Build droppable(String name, ViewDeployment now, long id) {
    Build build =
        now.build(id)
            .orElseThrow(
                () ->
                    new DeployRefusedException(
                        Reason.UNKNOWN_BUILD, "view " + name + " has no build " + id));
    if (build.status() == Build.Status.SERVING) {
      throw new DeployRefusedException(
          Reason.VERSION_SERVING,
          "build " + id + " of view " + name + " serves queries; it cannot be dropped");
    }
    if (!build.hasState()) {
      throw new DeployRefusedException(
          Reason.UNKNOWN_BUILD, "build " + id + " of view " + name + " has no state left");
    }
    return build;
  }

  /**
   * The run of {@code build}.
   *
   * @throws DeployRefusedException BUILD_NOT_RUNNING, with the reason if known, if it has none
   */
  ServedView runOf(String name, Build build) {
    return views
        .run(name, build.id())
        .orElseThrow(
            () ->
                new DeployRefusedException(
                    Reason.BUILD_NOT_RUNNING,
                    views
                        .unavailable(name, build.id())
                        .orElse("build " + build.id() + " of view " + name + " does not run")));
  }
}
