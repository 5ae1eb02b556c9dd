package dev.kappa.engine.internal;

import dev.kappa.engine.ViewStateClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>Snapshots of one committed state are one RocksDB snapshot, shared: taking and releasing a
 * RocksDB snapshot locks the database's mutex, which the writer holds at times, and on a busy
 * server a query per snapshot would queue behind it. A {@link #snapshot} reuses the current shared
 * snapshot while nothing was committed since it was taken (the latest sequence number, read without
 * a lock, is still its own), else takes a new one; each is released when the store and its last
 * reader have let go of it. A commit lets go of the store's hold, so an idle store keeps no old
 * snapshot, which would keep compaction from dropping what the commits since overwrote.
 *
 * <p>Thread-safe: RocksDB allows concurrent reads and writes. {@link #close} waits for calls and
 * open snapshots to end; afterwards every call throws {@link ViewStateClosedException} (RocksDB
 * itself would abort the process on a closed handle, and readers such as queries may come late).
 * Calls take no lock of their own: they count themselves in and out of one atomic counter.
 */
public final class RocksStateStore implements StateStore {

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  /** Set in {@link #users} once closed: no call may start. */
  private static final int CLOSED = 1 << 30;

  /** Calls under way and snapshots open, plus {@link #CLOSED}; close waits for the calls. */
  private final AtomicInteger users = new AtomicInteger();

  /** What {@link #close} waits on for the last call to end. */
  private final Object lifecycle = new Object();

  /** The snapshot of the latest committed state a reader asked for, or null. */
  private final AtomicReference<SharedSnapshot> current = new AtomicReference<>();

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
      dropCurrent();
    } catch (RocksDBException e) {
      throw new StateStoreException("cannot commit view state at " + directory, e);
    } finally {
      exit();
    }
  }

  @Override
  public StateStore.Snapshot snapshot() {
    enter(); // until the snapshot closes
    try {
      SharedSnapshot seen = current.get();
      if (seen != null && seen.sequence == db.getLatestSequenceNumber() && seen.retain()) {
        return new Reader(seen);
      }
      SharedSnapshot fresh = new SharedSnapshot(db.getSnapshot());
      if (current.compareAndSet(seen, fresh)) {
        if (seen != null) {
          seen.release();
        }
      } else {
        fresh.release(); // another reader or a commit changed it meanwhile: this one is ours alone
      }
      return new Reader(fresh);
    } catch (RuntimeException | Error e) {
      exit();
      throw e;
    }
  }

  /**
   * A RocksDB snapshot and the read options that read it, shared by every {@link Reader} of one
   * committed state. Counted: one for the store while it is {@link #current}, one per reader; the
   * last to let go releases it. Thread-safe.
   */
  private final class SharedSnapshot {
    private final org.rocksdb.Snapshot snapshot;
    private final ReadOptions read;
    private final long sequence;
    private final AtomicInteger holders = new AtomicInteger(2); // the store's, the taker's

    SharedSnapshot(org.rocksdb.Snapshot snapshot) {
      this.snapshot = snapshot;
      this.sequence = snapshot.getSequenceNumber();
      try {
        this.read = new ReadOptions().setSnapshot(snapshot);
      } catch (RuntimeException | Error e) {
        db.releaseSnapshot(snapshot);
        throw e;
      }
    }

    /** Takes a hold, unless the last holder already released it. */
    boolean retain() {
      for (int held = holders.get(); held > 0; held = holders.get()) {
        if (holders.compareAndSet(held, held + 1)) {
          return true;
        }
      }
      return false;
    }

    void release() {
      if (holders.decrementAndGet() == 0) {
        read.close();
        db.releaseSnapshot(snapshot);
      }
    }
  }

  /** One reader's handle on a shared snapshot. Not thread-safe, as the interface allows. */
  private final class Reader implements StateStore.Snapshot {
    private final SharedSnapshot shared;
    private boolean released;

    Reader(SharedSnapshot shared) {
      this.shared = shared;
    }

    @Override
    public long version() {
      // Every write is one batch, so a sequence number names one committed state.
      return shared.sequence;
    }

    @Override
    public byte[] get(byte[] key) {
      try {
        return db.get(shared.read, key);
      } catch (RocksDBException e) {
        throw new StateStoreException("cannot read view state at " + directory, e);
      }
    }

    @Override
    public void scan(byte[] from, byte[] to, EntryVisitor visitor) {
      try (RocksIterator it = db.newIterator(shared.read)) {
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

    @Override
    public void close() {
      if (!released) {
        released = true;
        shared.release();
        exit();
      }
    }
  }

  /** Lets go of the store's hold on the current shared snapshot, if there is one. */
  private void dropCurrent() {
    SharedSnapshot dropped = current.getAndSet(null);
    if (dropped != null) {
      dropped.release();
    }
  }

  private void enter() {
    if ((users.incrementAndGet() & CLOSED) != 0) {
      exit();
      throw new ViewStateClosedException(
          "view state at " + directory + " is closed: its run was stopped and released");
    }
  }

  private void exit() {
    if (users.decrementAndGet() == CLOSED) {
      synchronized (lifecycle) {
        lifecycle.notifyAll();
      }
    }
  }

  /** Waits for calls under way and open snapshots, then closes the database. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      int before = users.getAndUpdate(u -> u | CLOSED);
      if ((before & CLOSED) != 0) {
        return;
      }
      boolean interrupted = false;
      while (users.get() != CLOSED) {
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
    dropCurrent(); // its readers have all closed: this is its last hold
    writeOptions.close();
    db.close();
    options.close();
  }
}
