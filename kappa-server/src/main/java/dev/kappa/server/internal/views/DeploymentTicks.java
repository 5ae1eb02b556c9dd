package dev.kappa.server.internal.views;

import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.DeploymentEvent;
import dev.kappa.server.internal.deploy.ViewDeployment;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the server does by itself, every {@link ServedViews#TICK_MS} ms, as actor {@value
 * DeploymentEvent#SYSTEM}: a view with a candidate and nothing serving (its first build, after a
 * crash between that build's DEPLOY and PROMOTE) has the candidate promoted; a candidate that cuts
 * over automatically is promoted once {@link CutoverRule} allows; builds retired longer than the
 * grace period (and never less than the query drain) have their state deleted.
 *
 * <p>Thread-safe: a tick holds the lock of its {@link ServedViews}, like every action.
 */
final class DeploymentTicks {

  private final ServedViews views;
  private final ViewActions actions;

  DeploymentTicks(ServedViews views, ViewActions actions) {
    this.views = views;
    this.actions = actions;
  }

  void tick() {
    synchronized (views) {
      for (ViewDeployment view : views.deployments.views().values()) {
        Optional<Build> candidate = view.candidate();
        if (candidate.isPresent() && view.serving() == 0) {
          actions.cutover(
              view.name(), view, candidate.get(), DeploymentEvent.SYSTEM, "nothing served");
        } else if (candidate.isPresent()) {
          autoCutover(view, candidate.get());
        }
        expire(view);
      }
    }
  }

  private void autoCutover(ViewDeployment view, Build candidate) {
    if (!candidate.autoCutover()) {
      return;
    }
    ServedView run = views.run(view.name(), candidate.id()).orElse(null);
    if (run == null || run.report().state() != ServedView.State.RUNNING) {
      return;
    }
    if (actions.behind(view.name(), view, run).isEmpty()) {
      actions.cutover(view.name(), view, candidate, DeploymentEvent.SYSTEM, "caught up");
    }
  }

  private void expire(ViewDeployment view) {
    Instant now = views.clock.instant();
    Duration grace =
        views.settings.retiredGrace().compareTo(ServedViews.DRAIN) < 0
            ? ServedViews.DRAIN
            : views.settings.retiredGrace();
    for (Build build : view.builds()) {
      if (build.status() == Build.Status.RETIRED && !build.retiredAt().plus(grace).isAfter(now)) {
        actions.delete(view.name(), build, DeploymentEvent.SYSTEM, "grace period over");
      }
    }
  }
}
