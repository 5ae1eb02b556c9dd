package dev.kappa.engine.internal;

import dev.kappa.engine.ViewStateClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * State in RocksDB, one database per view version. Each {@link #write} is one {@link WriteBatch}:
 * atomic, so state and the offsets stored beside it always agree. The write-ahead log is not synced
 * on each commit: after a process crash the operating system still has it, and after a power loss
 * RocksDB recovers to a consistent point in time (WAL recovery mode {@code POINT_IN_TIME}), a
 * whole-batch prefix of the commits. A view that lost its last commits that way resumes from the
 * older offsets stored with that older state and processes those records again; the log, not the
 * view, is the durable record, so the effect on state is still exactly once. Not syncing keeps
 * commits cheap enough to commit whenever a view has caught up, which is what bounds the latency
 * from an append to its effect in state.
 *
 * <p>Thread-safe: RocksDB allows concurrent reads and writes. {@link #close} waits for calls and
 * open snapshots to end; afterwards every call throws {@link StateStoreException} (RocksDB itself
 * would abort the process on a closed handle, and readers such as queries may come late).
 */
public final class RocksStateStore implements StateStore {

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  /** Guards {@link #users} and {@link #closed}. */
  private final Object lifecycle = new Object();

  /** Calls under way and snapshots open; close waits for them. */
  private int users;

  private boolean closed;

  private RocksStateStore(Path directory, Options options, RocksDB db) {
    this.directory = directory;
    this.options = options;
    this.db = db;
    this.writeOptions = new WriteOptions().setSync(false);
  }

  public static RocksStateStore open(Path directory) {
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
            // A third memtable lets a large commit proceed while two flush; LZ4 is cheap on CPU.
            .setMaxWriteBufferNumber(3)
            .setCompressionType(org.rocksdb.CompressionType.LZ4_COMPRESSION)
            .setMaxBackgroundJobs(2);
    try {
      Files.createDirectories(directory);
      return new RocksStateStore(directory, options, RocksDB.open(options, directory.toString()));
    } catch (RocksDBException | IOException e) {
      options.close();
      throw new StateStoreException(
          "cannot open view state at " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    enter();
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new StateStoreException("cannot read view state at " + directory, e);
    } finally {
      exit();
    }
  }

  @Override
  public void write(StateBatch changes) {
    enter();
    try (WriteBatch batch = new WriteBatch(changes.toBytes())) {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StateStoreException("cannot commit view state at " + directory, e);
    } finally {
      exit();
    }
  }

  @Override
  public StateStore.Snapshot snapshot() {
    enter(); // until the snapshot closes
    org.rocksdb.Snapshot snapshot = db.getSnapshot();
    ReadOptions read = new ReadOptions().setSnapshot(snapshot);
    return new StateStore.Snapshot() {
      @Override
      public long version() {
        // Every write is one batch, so a sequence number names one committed state.
        return snapshot.getSequenceNumber();
      }

      @Override
      public byte[] get(byte[] key) {
        try {
          return db.get(read, key);
        } catch (RocksDBException e) {
          throw new StateStoreException("cannot read view state at " + directory, e);
        }
      }

      @Override
      public void scan(byte[] from, byte[] to, EntryVisitor visitor) {
        try (RocksIterator it = db.newIterator(read)) {
          for (it.seek(from); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (to != null && java.util.Arrays.compareUnsigned(key, to) >= 0) {
              return;
            }
            if (!visitor.visit(key, it.value())) {
              return;
            }
          }
        }
      }

      private boolean released;

      @Override
      public void close() {
        if (!released) {
          released = true;
          read.close();
          db.releaseSnapshot(snapshot);
          exit();
        }
      }
    };
  }

  private void enter() {
    synchronized (lifecycle) {
      if (closed) {
        throw new ViewStateClosedException(
            "view state at " + directory + " is closed: its run was stopped and released");
      }
      users++;
    }
  }

  private void exit() {
    synchronized (lifecycle) {
      if (--users == 0 && closed) {
        lifecycle.notifyAll();
      }
    }
  }

  /** Waits for calls under way and open snapshots, then closes the database. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      boolean interrupted = false;
      while (users > 0) {
        try {
          lifecycle.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    writeOptions.close();
    db.close();
    options.close();
  }
}
