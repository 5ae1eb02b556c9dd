package dev.kappa.log.internal;

import dev.kappa.log.LogOptions;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.StreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Opens a stream's partitions: recovers each with {@link PartitionLoader}, checkpoints it, and
 * keeps what every recovery repaired for the log's {@link RecoveryReport}. A stream that fails to
 * open has every file it opened closed again.
 *
 * <p>Thread-safe.
 */
final class StreamOpener {

  private final LogOptions options;
  private final FileSync sync;
  private final LogHealth health;
  private final Executor flushExecutor;
  private final List<RecoveryReport.PartitionRecovery> recoveries = new ArrayList<>();

  StreamOpener(LogOptions options, FileSync sync, LogHealth health, Executor flushExecutor) {
    this.options = options;
    this.sync = sync;
    this.health = health;
    this.flushExecutor = flushExecutor;
  }

  StreamLog open(Path directory, StreamConfig config) throws IOException {
    PartitionLog[] partitions = new PartitionLog[config.partitions()];
    try {
      for (int p = 0; p < partitions.length; p++) {
        partitions[p] = openPartition(directory.resolve(Integer.toString(p)), config.name(), p);
      }
    } catch (IOException | RuntimeException e) {
      for (PartitionLog partition : partitions) {
        if (partition != null) {
          partition.closeFiles();
        }
      }
      throw e;
    }
    return new StreamLog(config, partitions);
  }

  private PartitionLog openPartition(Path directory, String stream, int p) throws IOException {
    Files.createDirectories(directory);
    PartitionLoader.Loaded loaded =
        new PartitionLoader(directory, stream, p, options.indexIntervalBytes(), sync).load();
    if (loaded.recovery() != null) {
      synchronized (recoveries) {
        recoveries.add(loaded.recovery());
      }
    }
    PartitionLog partition =
        new PartitionLog(
            stream, p, directory, loaded.segments(), options, sync, health, flushExecutor);
    partition.checkpoint();
    return partition;
  }

  /** What opening the log's streams repaired so far. */
  RecoveryReport report() {
    synchronized (recoveries) {
      return new RecoveryReport(recoveries);
    }
  }
}
