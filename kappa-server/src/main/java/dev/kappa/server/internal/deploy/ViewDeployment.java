package dev.kappa.server.internal.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment state of one view: its builds and which one serves. A fold of the view's {@link
 * DeploymentEvent}s; {@link #apply} checks each event against the state it lands on, so a record
 * that breaks the rules is found when it is read, not acted on.
 *
 * <p>Invariants: build ids are dense from 1; at most one build serves, and only a non-temporary
 * live one; at most one non-temporary build is building beside it (the candidate); {@link
 * #servedBefore} lists builds that served, oldest first, none of them the serving one.
 *
 * <p>Immutable.
 *
 * @param name the view's name
 * @param builds every build, by id
 * @param serving the serving build's id, or 0
 * @param servedBefore the builds that served before, oldest first
 */
public record ViewDeployment(
    String name, List<Build> builds, long serving, List<Long> servedBefore) {

  public ViewDeployment {
    builds = List.copyOf(builds);
    servedBefore = List.copyOf(servedBefore);
  }

  static ViewDeployment empty(String name) {
    return new ViewDeployment(name, List.of(), 0, List.of());
  }

  public Optional<Build> build(long id) {
    return id >= 1 && id <= builds.size()
        ? Optional.of(builds.get((int) id - 1))
        : Optional.empty();
  }

  public Optional<Build> servingBuild() {
    return build(serving);
  }

  /** The non-temporary build running beside the serving one, waiting to take over. */
  public Optional<Build> candidate() {
    return builds.stream()
        .filter(b -> b.status() == Build.Status.BUILDING && !b.temporary())
        .findFirst();
  }

  /** The build a rollback returns to: the latest that served before and still has its state. */
  public Optional<Build> rollbackTarget() {
    for (int i = servedBefore.size() - 1; i >= 0; i--) {
      Build build = builds.get((int) (long) servedBefore.get(i) - 1);
      if (build.status() == Build.Status.RETIRED) {
        return Optional.of(build);
      }
    }
    return Optional.empty();
  }

  public long nextBuildId() {
    return builds.size() + 1L;
  }

  /**
   * This state with {@code event} applied.
   *
   * @throws IllegalStateException if the event does not fit this state
   */
  ViewDeployment apply(DeploymentEvent event) {
    List<Build> next = new ArrayList<>(builds);
    List<Long> before = new ArrayList<>(servedBefore);
    long serves = serving;
    switch (event.action()) {
      case DEPLOY, REPLAY, AS_OF -> {
        require(event.build() == nextBuildId(), event, "build ids are dense");
        boolean temporary = event.action() == Action.AS_OF;
        require(temporary || candidate().isEmpty(), event, "another build is catching up");
        require(temporary == (event.asOf() != null), event, "only as-of builds have a time");
        next.add(
            new Build(
                event.build(),
                event.version(),
                event.fingerprint(),
                event.start(),
                event.end(),
                event.asOf(),
                event.autoCutover(),
                Build.Status.BUILDING,
                event.at(),
                null));
      }
      case PROMOTE -> {
        Build build = existing(event);
        require(build.status() == Build.Status.BUILDING, event, "only a building build serves");
        require(!build.temporary(), event, "a temporary build never serves");
        require(event.fromBuild() == serving, event, "it takes over from the serving build");
        if (serving != 0) {
          next.set(
              (int) serving - 1,
              builds.get((int) serving - 1).with(Build.Status.RETIRED, event.at()));
          before.add(serving);
        }
        next.set((int) build.id() - 1, build.with(Build.Status.SERVING, null));
        serves = build.id();
      }
      case ROLLBACK -> {
        Build build = existing(event);
        require(rollbackTarget().map(Build::id).orElse(0L) == build.id(), event, "not the target");
        require(event.fromBuild() == serving && serving != 0, event, "it replaces the serving one");
        next.set(
            (int) serving - 1,
            builds.get((int) serving - 1).with(Build.Status.RETIRED, event.at()));
        before.remove(build.id());
        before.add(serving);
        next.set((int) build.id() - 1, build.with(Build.Status.SERVING, null));
        serves = build.id();
      }
      case RETIRE -> {
        Build build = existing(event);
        require(build.status() == Build.Status.BUILDING, event, "only a building build retires");
        next.set((int) build.id() - 1, build.with(Build.Status.RETIRED, event.at()));
      }
      case DELETE -> {
        Build build = existing(event);
        require(build.status() != Build.Status.SERVING, event, "a serving build keeps its state");
        require(build.hasState(), event, "its state is already gone");
        next.set((int) build.id() - 1, build.with(Build.Status.DELETED, build.retiredAt()));
        before.remove(build.id());
      }
    }
    return new ViewDeployment(name, next, serves, before);
  }

  private Build existing(DeploymentEvent event) {
    return build(event.build())
        .orElseThrow(() -> new IllegalStateException(describe(event) + ": there is no such build"));
  }

  private static void require(boolean condition, DeploymentEvent event, String rule) {
    if (!condition) {
      throw new IllegalStateException(describe(event) + ": " + rule);
    }
  }

  private static String describe(DeploymentEvent event) {
    return event.action() + " of build " + event.build() + " of view " + event.view();
  }
}
