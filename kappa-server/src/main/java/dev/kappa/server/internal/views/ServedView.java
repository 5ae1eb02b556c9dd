package dev.kappa.server.internal.views;

import dev.kappa.engine.RunningView;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewStatus;
import java.util.List;
import java.util.Optional;

/**
 * The run of one build of a view version in the server, in one of five states: {@link
 * State#WAITING} for a source stream to be created, or started in the engine and then {@link
 * State#RUNNING}, {@link State#FINISHED} (a temporary build at its end), {@link State#FAILED} or
 * {@link State#STOPPED} as the engine reports it. A build the engine refused to start (its state
 * store could not be opened, say) is FAILED with that reason and has no state.
 *
 * <p>Thread-safe: {@link ServedViews} changes it under its own lock; readers see each change whole
 * (one volatile write per transition).
 */
public final class ServedView {

  /** The server's view of a build's run. */
  public enum State {
    WAITING,
    RUNNING,
    FINISHED,
    FAILED,
    STOPPED
  }

  /**
   * A snapshot of the run's health.
   *
   * @param state its state
   * @param error why it waits or failed, or null
   * @param partitions start, committed offset and end of each source partition; empty while it
   *     waits or if it never started
   * @param processed records processed (committed)
   * @param eventsPerSecond the recent processing rate
   */
  public record Report(
      State state,
      String error,
      List<ViewStatus.PartitionLag> partitions,
      long processed,
      double eventsPerSecond) {

    public Report {
      partitions = List.copyOf(partitions);
    }

    /** The total lag over all source partitions. */
    public long lag() {
      return partitions.stream().mapToLong(ViewStatus.PartitionLag::lag).sum();
    }

    /** The share of its work done, from 0 to 1. */
    public double fractionDone() {
      return ViewStatus.fractionDone(partitions);
    }

    /** Seconds until it catches up at its recent rate, or -1 if it is not moving. */
    public long etaSeconds() {
      long lag = lag();
      if (lag == 0) {
        return 0;
      }
      return eventsPerSecond > 0 ? (long) Math.ceil(lag / eventsPerSecond) : -1;
    }
  }

  private final DefinedView definition;
  private final long build;
  private volatile Phase phase;

  /** What is known between transitions; exactly one of the fields is set. */
  private record Phase(List<String> missing, RunningView<?, ?> running, String failure) {}

  ServedView(DefinedView definition, long build, List<String> missing) {
    this.definition = definition;
    this.build = build;
    this.phase = new Phase(List.copyOf(missing), null, null);
  }

  public View<?, ?> view() {
    return definition.view();
  }

  /** The build it runs, numbered per view. */
  public long build() {
    return build;
  }

  /** Its id in the engine: {@code name@version#build}. */
  public String runId() {
    return definition.view().id() + "#" + build;
  }

  public String origin() {
    return definition.origin();
  }

  public KeyType keyType() {
    return KeyType.of(definition.view().keySerde());
  }

  /** The running instance, once the engine started it; its state stays readable after it stops. */
  public Optional<RunningView<?, ?>> running() {
    return Optional.ofNullable(phase.running());
  }

  public Report report() {
    Phase now = phase;
    if (now.running() != null) {
      ViewStatus status = now.running().status();
      return new Report(
          State.valueOf(status.state().name()),
          status.error(),
          status.partitions(),
          status.processed(),
          status.eventsPerSecond());
    }
    if (now.failure() != null) {
      return new Report(State.FAILED, now.failure(), List.of(), 0, 0);
    }
    return new Report(
        State.WAITING,
        "waiting for "
            + (now.missing().size() == 1 ? "stream " : "streams ")
            + String.join(", ", now.missing())
            + " to be created",
        List.of(),
        0,
        0);
  }

  boolean waiting() {
    Phase now = phase;
    return now.running() == null && now.failure() == null;
  }

  void stillMissing(List<String> missing) {
    phase = new Phase(List.copyOf(missing), null, null);
  }

  void started(RunningView<?, ?> running) {
    phase = new Phase(List.of(), running, null);
  }

  void failedToStart(String reason) {
    phase = new Phase(List.of(), null, reason);
  }
}
