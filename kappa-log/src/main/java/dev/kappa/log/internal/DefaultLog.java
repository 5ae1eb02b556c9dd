package dev.kappa.log.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogException;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.LogIOException;
import dev.kappa.log.LogOptions;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadBuffer;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.log.StreamInfo;
import dev.kappa.log.UnknownStreamException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link Log}: one data directory, one writer process. Directory layout:
 *
 * <pre>
 * DIR/kappa.lock                               writer lock, names its holder
 * DIR/streams/NAME/stream.properties           stream configuration
 * DIR/streams/NAME/P/recovery.checkpoint       recovery point of partition P
 * DIR/streams/NAME/P/BASEOFFSET.log            segment: batches of records
 * DIR/streams/NAME/P/BASEOFFSET.index          sparse offset index
 * DIR/streams/NAME/P/BASEOFFSET.timeindex      sparse time index
 * </pre>
 *
 * <p>This class answers the {@link Log} API and owns the log's lifecycle; {@link StreamDirectories}
 * manages the stream directories, {@link StreamOpener} recovers and opens partitions, {@link
 * PartitionLog} does each partition's work and {@link LogMaintenance} runs checkpoints and
 * retention in the background.
 *
 * <p>Thread-safe. Creates are serialized; the stream map only grows while the log is open.
 */
public final class DefaultLog implements Log {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultLog.class);

  private final LogOptions options;
  private final DirectoryLock lock;
  private final StreamDirectories directories;
  private final LogHealth health = new LogHealth();
  // Platform threads: fsync blocks in the kernel, which would pin (and make the JDK compensate
  // for) a virtual thread's carrier on every group commit.
  private final ExecutorService flushExecutor =
      Executors.newCachedThreadPool(Thread.ofPlatform().name("kappa-flush-", 0).daemon().factory());
  private final StreamOpener opener;
  private final LogMaintenance maintenance = new LogMaintenance();
  private final ConcurrentHashMap<String, StreamLog> streams = new ConcurrentHashMap<>();
  private final Object createLock = new Object();
  private volatile boolean closed;

  private DefaultLog(LogOptions options, FileSync sync, DirectoryLock lock) {
    this.options = options;
    this.lock = lock;
    this.directories = new StreamDirectories(options.directory().resolve("streams"), sync);
    this.opener = new StreamOpener(options, sync, health, flushExecutor);
  }

  public static Log open(LogOptions options) {
    return open(options, FileSync.DEFAULT);
  }

  /** Opens with a custom {@link FileSync}, for fault-injection tests. */
  static DefaultLog open(LogOptions options, FileSync sync) {
    Path directory = options.directory();
    try {
      Files.createDirectories(directory.resolve("streams"));
    } catch (IOException e) {
      throw new LogIOException("cannot create data directory " + directory, e);
    }
    DirectoryLock lock = DirectoryLock.acquire(directory, options.clock().instant());
    DefaultLog log = new DefaultLog(options, sync, lock);
    try {
      for (StreamDirectories.Existing stream : log.directories.load()) {
        log.streams.put(
            stream.config().name(), log.opener.open(stream.directory(), stream.config()));
      }
    } catch (RuntimeException | IOException e) {
      for (StreamLog stream : log.streams.values()) {
        for (PartitionLog partition : stream.partitions()) {
          partition.closeFiles();
        }
      }
      log.flushExecutor.shutdown();
      log.maintenance.stop();
      closeQuietly(lock);
      if (e instanceof IOException io) {
        throw new LogIOException("cannot open log in " + directory, io);
      }
      throw (RuntimeException) e;
    }
    log.maintenance.start(options, log::checkpointAll, log::enforceRetention);
    return log;
  }

  private void checkpointAll() {
    for (StreamLog stream : streams.values()) {
      for (PartitionLog partition : stream.partitions()) {
        partition.checkpoint();
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>If writing or opening the new stream fails, whatever it wrote is removed again, so the name
   * stays free and a retry can succeed.
   */
  @Override
  public StreamInfo createStream(StreamConfig config) {
    synchronized (createLock) {
      checkOpen();
      if (streams.containsKey(config.name())) {
        throw new StreamExistsException(config.name());
      }
      try {
        StreamLog stream = opener.open(directories.create(config), config);
        streams.put(config.name(), stream);
        return stream.info();
      } catch (IOException | RuntimeException e) {
        directories.removeFailed(config.name(), e);
        if (e instanceof IOException io) {
          throw new LogIOException("cannot create stream '" + config.name() + "'", io);
        }
        throw (RuntimeException) e;
      }
    }
  }

  @Override
  public List<StreamInfo> listStreams() {
    checkOpen();
    return streams.values().stream()
        .map(StreamLog::info)
        .sorted(Comparator.comparing(StreamInfo::name))
        .toList();
  }

  @Override
  public StreamInfo describeStream(String stream) {
    return stream(stream).info();
  }

  @Override
  public boolean hasStream(String stream) {
    checkOpen();
    return streams.containsKey(stream);
  }

  @Override
  public CompletableFuture<AppendResult> append(
      String stream, int partition, List<NewRecord> records) {
    PartitionLog target = stream(stream).partition(partition);
    RecordEncoder.validate(records, options.maxRecordBytes(), options.maxBatchBytes());
    return target.append(records);
  }

  @Override
  public CompletableFuture<List<AppendResult>> appendByKey(String stream, List<NewRecord> records) {
    StreamLog target = stream(stream);
    RecordEncoder.validate(records, options.maxRecordBytes(), options.maxBatchBytes());
    int partitions = target.partitions().length;
    List<List<NewRecord>> split = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      split.add(new ArrayList<>());
    }
    int unkeyed = target.nextRoundRobin();
    for (NewRecord record : records) {
      int p = record.key() == null ? unkeyed : Murmur2.partition(record.key(), partitions);
      split.get(p).add(record);
    }
    List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (!split.get(p).isEmpty()) {
        futures.add(target.partition(p).append(split.get(p)));
      }
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
  }

  /** See {@link dev.kappa.log.KeyPartitioner}. */
  public static int partitionForKey(byte[] key, int partitions) {
    return Murmur2.partition(key, partitions);
  }

  @Override
  public ReadResult read(String stream, int partition, long offset, int maxBytes) {
    return stream(stream).partition(partition).read(offset, maxBytes, null);
  }

  @Override
  public ReadResult read(
      String stream, int partition, long offset, int maxBytes, ReadBuffer buffer) {
    return stream(stream).partition(partition).read(offset, maxBytes, buffer);
  }

  @Override
  public ReadResult poll(String stream, int partition, long offset, int maxBytes, Duration maxWait)
      throws InterruptedException {
    PartitionLog target = stream(stream).partition(partition);
    if (offset != target.durableEnd()) {
      return target.read(offset, maxBytes, null);
    }
    CompletableFuture<Long> arrived = target.awaitDurable(offset);
    try {
      arrived.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      arrived.cancel(false);
      return FrameRecords.empty(partition, offset);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LogException le) {
        throw le;
      }
      throw new IllegalStateException(e.getCause());
    }
    return target.read(offset, maxBytes, null);
  }

  @Override
  public long offsetForTime(String stream, int partition, long timestamp) {
    return stream(stream).partition(partition).offsetForTime(timestamp);
  }

  @Override
  public CompletableFuture<Long> awaitDurable(String stream, int partition, long offset) {
    return stream(stream).partition(partition).awaitDurable(offset);
  }

  @Override
  public dev.kappa.log.PartitionInfo partition(String stream, int partition) {
    return stream(stream).partition(partition).info();
  }

  @Override
  public void enforceRetention() {
    long now = options.clock().millis();
    for (StreamLog stream : streams.values()) {
      for (PartitionLog partition : stream.partitions()) {
        partition.enforceRetention(stream.config().retention(), now);
      }
    }
  }

  @Override
  public Optional<LogFailedException> failure() {
    return Optional.ofNullable(health.failure());
  }

  @Override
  public RecoveryReport recoveryReport() {
    return opener.report();
  }

  private StreamLog stream(String name) {
    checkOpen();
    StreamLog stream = streams.get(name);
    if (stream == null) {
      StreamConfig.validateName(name);
      throw new UnknownStreamException(name);
    }
    return stream;
  }

  private void checkOpen() {
    if (closed) {
      throw new LogClosedException();
    }
  }

  @Override
  public void close() {
    synchronized (createLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    maintenance.stop();
    for (StreamLog stream : streams.values()) {
      for (PartitionLog partition : stream.partitions()) {
        partition.close();
      }
    }
    flushExecutor.shutdown();
    closeQuietly(lock);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing {}: {}", closeable, e.toString());
    }
  }
}
