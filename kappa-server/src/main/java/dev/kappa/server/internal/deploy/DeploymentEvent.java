package dev.kappa.server.internal.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the deployment record: who did what to which build of a view, and when. The record
 * is the audit log and the source of truth at once: the deployment state of every view is the fold
 * of these events ({@link ViewDeployments}).
 *
 * <p>Immutable. Encoded as one JSON object per log record ({@link DeploymentEvents}).
 *
 * @param action what happened
 * @param view the view's name
 * @param build the build the action is about, numbered per view from 1
 * @param version that build's view version
 * @param fromBuild for PROMOTE and ROLLBACK, the build that served before (0 if none)
 * @param fromVersion its version (0 if none)
 * @param fingerprint for DEPLOY, REPLAY and AS_OF, the definition's fingerprint
 * @param start for DEPLOY, REPLAY and AS_OF: stream → first offset of each partition
 * @param end for AS_OF: stream → the offset of each partition where the build stops
 * @param asOf for AS_OF, the time (epoch milliseconds) the build is as of, else null
 * @param autoCutover for DEPLOY and REPLAY, whether the build takes over by itself once caught up
 * @param actor who did it: the requesting user, or {@code kappa} for automatic actions
 * @param at when, by the server's clock
 * @param reason a note for people: why it happened
 */
public record DeploymentEvent(
    Action action,
    String view,
    long build,
    int version,
    long fromBuild,
    int fromVersion,
    String fingerprint,
    Map<String, List<Long>> start,
    Map<String, List<Long>> end,
    Long asOf,
    boolean autoCutover,
    String actor,
    Instant at,
    String reason) {

  /** The actor of actions the server takes by itself. */
  public static final String SYSTEM = "kappa";

  public DeploymentEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    start = start == null ? Map.of() : Map.copyOf(start);
    end = end == null ? Map.of() : Map.copyOf(end);
  }
}
