package dev.kappa.server.internal.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One build of a view version: its own state store, filled by running the version's definition over
 * the log from {@link #start()} (and, for a temporary build, up to {@link #end()}).
 *
 * <p>Immutable: each change is a new value in {@link ViewDeployments}.
 *
 * @param id numbered per view from 1, never reused
 * @param version the view version it runs
 * @param fingerprint the definition's fingerprint when it was deployed; a build only ever runs that
 *     definition
 * @param start stream → first offset of each partition
 * @param end stream → where each partition stops, for a temporary build; empty otherwise
 * @param asOf for a temporary build, the time it is as of, else null
 * @param autoCutover whether it takes over serving by itself once it has caught up
 * @param status where it is in its life
 * @param deployedAt when it was created
 * @param retiredAt when it was retired, or null
 */
public record Build(
    long id,
    int version,
    String fingerprint,
    Map<String, List<Long>> start,
    Map<String, List<Long>> end,
    Long asOf,
    boolean autoCutover,
    Status status,
    Instant deployedAt,
    Instant retiredAt) {

  /** A build's life: BUILDING → SERVING → RETIRED → DELETED; a temporary build never serves. */
  public enum Status {
    /** Running, not serving: catching up to take over, or a temporary build. */
    BUILDING,
    /** Running, and the default answer to queries of its view. */
    SERVING,
    /** Stopped; its state is kept for the grace period. */
    RETIRED,
    /** Its state is gone. */
    DELETED
  }

  public Build {
    start = Map.copyOf(start);
    end = Map.copyOf(end);
  }

  public boolean temporary() {
    return asOf != null;
  }

  /** Whether it runs: building or serving. */
  public boolean live() {
    return status == Status.BUILDING || status == Status.SERVING;
  }

  /** What it is to its view: serving, candidate, temporary, retired or deleted. */
  public String role() {
    return switch (status) {
      case SERVING -> "serving";
      case BUILDING -> temporary() ? "temporary" : "candidate";
      case RETIRED -> "retired";
      case DELETED -> "deleted";
    };
  }

  /** Whether its state exists: it has not been deleted. */
  public boolean hasState() {
    return status != Status.DELETED;
  }

  Build with(Status status, Instant retiredAt) {
    return new Build(
        id, version, fingerprint, start, end, asOf, autoCutover, status, deployedAt, retiredAt);
  }
}
