package dev.kappa.server.internal.deploy;

import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deployment record of a server's views, kept on the log in stream {@value #STREAM} (one
 * partition, one {@link DeploymentEvent} per record, JSON): the audit log of every deploy, replay,
 * cutover, rollback and retirement, and the source of each view's {@link ViewDeployment}, which is
 * the fold of its events. An action takes effect only once its event is durable, so after a crash
 * the record says exactly what was acknowledged.
 *
 * <p>Thread-safe: {@link #record} is serialized; reads see whole states.
 */
public final class DeploymentLog {

  /** The stream of deployment events. */
  public static final String STREAM = "_kappa.deployments";

  private final Log log;
  private final TreeMap<String, ViewDeployment> views = new TreeMap<>();
  private final TreeMap<String, List<DeploymentEvent>> history = new TreeMap<>();
  private long nextOffset;

  private DeploymentLog(Log log) {
    this.log = log;
  }

  /**
   * Opens the record on {@code log} and folds its history. Its stream is created with the first
   * event, so a server that runs no views has none.
   *
   * @throws CorruptDeploymentsException if an event does not decode or breaks the rules
   */
  public static DeploymentLog open(Log log) {
    DeploymentLog deployments = new DeploymentLog(log);
    if (log.hasStream(STREAM)) {
      deployments.replay();
    }
    return deployments;
  }

  private void replay() {
    long end = log.partition(STREAM, 0).durableEnd();
    while (nextOffset < end) {
      ReadResult batch = log.read(STREAM, 0, nextOffset, 1 << 20);
      List<RuntimeException> failures = new ArrayList<>();
      batch.forEach(
          record -> {
            if (!failures.isEmpty()) {
              return;
            }
            byte[] bytes = new byte[record.value().remaining()];
            record.value().get(bytes);
            try {
              apply(DeploymentEvents.decode(bytes));
            } catch (IllegalArgumentException | IllegalStateException e) {
              failures.add(new CorruptDeploymentsException(record.offset(), e.getMessage(), e));
            }
            nextOffset = record.offset() + 1;
          });
      if (!failures.isEmpty()) {
        throw failures.getFirst();
      }
    }
  }

  private void apply(DeploymentEvent event) {
    ViewDeployment now = views.getOrDefault(event.view(), ViewDeployment.empty(event.view()));
    views.put(event.view(), now.apply(event));
    history.computeIfAbsent(event.view(), v -> new ArrayList<>()).add(event);
  }

  /**
   * Checks {@code event} against the current state, appends it durably, then applies it.
   *
   * @return the view's state after it
   * @throws IllegalStateException if the event does not fit the view's state; nothing is written
   */
  public synchronized ViewDeployment record(DeploymentEvent event) {
    ViewDeployment now = views.getOrDefault(event.view(), ViewDeployment.empty(event.view()));
    ViewDeployment after = now.apply(event);
    if (!log.hasStream(STREAM)) {
      log.createStream(StreamConfig.of(STREAM, 1));
    }
    long offset =
        log.append(STREAM, 0, List.of(NewRecord.of(DeploymentEvents.encode(event))))
            .join()
            .baseOffset();
    if (offset != nextOffset) {
      throw new IllegalStateException(
          "the deployment record was appended to by another writer (expected offset "
              + nextOffset
              + ", got "
              + offset
              + "); restart the server to read it again");
    }
    nextOffset = offset + 1;
    views.put(event.view(), after);
    history.computeIfAbsent(event.view(), v -> new ArrayList<>()).add(event);
    return after;
  }

  public synchronized Optional<ViewDeployment> view(String name) {
    return Optional.ofNullable(views.get(name));
  }

  /** Every view's state, by name. */
  public synchronized Map<String, ViewDeployment> views() {
    return new TreeMap<>(views);
  }

  /** The events of one view, oldest first. */
  public synchronized List<DeploymentEvent> history(String name) {
    return List.copyOf(history.getOrDefault(name, List.of()));
  }
}
