package dev.kappa.log.internal;

import dev.kappa.log.LogOptions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's background work on one daemon thread: periodic recovery checkpoints (every {@link
 * LogOptions#checkpointInterval()}) and retention (every {@link
 * LogOptions#retentionCheckInterval()}). A failing run is logged and the next one runs as planned.
 *
 * <p>Thread-safe.
 */
final class LogMaintenance {

  private static final Logger LOG = LoggerFactory.getLogger(LogMaintenance.class);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("kappa-log-maintenance").daemon().factory());

  void start(LogOptions options, Runnable checkpoint, Runnable retention) {
    long checkpointMs = options.checkpointInterval().toMillis();
    long retentionMs = options.retentionCheckInterval().toMillis();
    executor.scheduleWithFixedDelay(
        () -> guarded("checkpoint", checkpoint), checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(
        () -> guarded("retention", retention), retentionMs, retentionMs, TimeUnit.MILLISECONDS);
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("log maintenance ({}) failed", what, e);
    }
  }

  /** Stops the thread, interrupting a run in progress, and waits (bounded) for it to end. */
  void stop() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
