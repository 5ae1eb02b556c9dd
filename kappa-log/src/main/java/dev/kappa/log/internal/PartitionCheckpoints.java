package dev.kappa.log.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a partition's recovery checkpoint and its segments' index files. Both only shorten the
 * next recovery: a checkpoint or index that fails to be written is logged and recovery scans more,
 * so failing here is never a log failure.
 *
 * <p>Thread-safe: a roll (on an appender's thread) and the periodic checkpoint may race, so writes
 * of the checkpoint file are serialized here and index writes by {@link Segment#writeIndexes}.
 */
final class PartitionCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionCheckpoints.class);

  private final Path directory;
  private final String name;
  private RecoveryCheckpoint last; // guarded by this

  /**
   * @param name the partition as {@code stream/partition}, for log messages
   */
  PartitionCheckpoints(Path directory, String name) {
    this.directory = directory;
    this.name = name;
  }

  /** Writes indexes and a checkpoint at {@code durable}, unless the checkpoint is already there. */
  void checkpointAt(DurablePoint durable) {
    RecoveryCheckpoint next =
        new RecoveryCheckpoint(
            durable.segment().baseOffset(), durable.position(), durable.offset());
    synchronized (this) {
      if (next.equals(last)) {
        return;
      }
    }
    writeIndexesQuietly(durable.segment(), durable.position());
    writeQuietly(next);
  }

  /** Writes {@code checkpoint}, ignoring the caller's interrupt; logs a failure. */
  synchronized void writeQuietly(RecoveryCheckpoint checkpoint) {
    try {
      Uninterruptibly.run(() -> checkpoint.write(directory));
      last = checkpoint;
    } catch (IOException e) {
      LOG.warn("{}: could not write a recovery checkpoint: {}", name, e.toString());
    }
  }

  /** Indexes are caches that recovery rebuilds, so failing to write one is not a log failure. */
  void writeIndexesQuietly(Segment segment, long coveredBytes) {
    try {
      Uninterruptibly.run(() -> segment.writeIndexes(coveredBytes));
    } catch (IOException e) {
      LOG.warn("{}: could not write the indexes of {}: {}", name, segment.file(), e.toString());
    }
  }
}
