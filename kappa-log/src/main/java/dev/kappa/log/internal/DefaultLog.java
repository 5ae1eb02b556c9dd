package dev.kappa.log.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.CorruptLogException;
import dev.kappa.log.Log;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogException;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.LogIOException;
import dev.kappa.log.LogOptions;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.log.StreamInfo;
import dev.kappa.log.UnknownStreamException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link Log}. Directory layout:
 *
 * <pre>
 * DIR/kappa.lock                               writer lock, names its holder
 * DIR/streams/NAME/stream.properties           stream configuration
 * DIR/streams/NAME/P/recovery.checkpoint       recovery point of partition P
 * DIR/streams/NAME/P/BASEOFFSET.log            segment: frames of records
 * DIR/streams/NAME/P/BASEOFFSET.index          sparse offset index
 * DIR/streams/NAME/P/BASEOFFSET.timeindex      sparse time index
 * </pre>
 *
 * <p>A stream is created in {@code DIR/streams/.tmp-NAME} and renamed into place, so it appears
 * whole or not at all. Thread-safe.
 */
public final class DefaultLog implements Log {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultLog.class);
  private static final String TEMP_PREFIX = ".tmp-";

  private final LogOptions options;
  private final FileSync sync;
  private final Path streamsDirectory;
  private final DirectoryLock lock;
  private final LogHealth health = new LogHealth();
  // Platform threads: fsync blocks in the kernel, which would pin (and make the JDK compensate
  // for) a virtual thread's carrier on every group commit.
  private final ExecutorService flushExecutor =
      Executors.newCachedThreadPool(Thread.ofPlatform().name("kappa-flush-", 0).daemon().factory());
  private final ScheduledExecutorService maintenance;
  private final ConcurrentHashMap<String, StreamLog> streams = new ConcurrentHashMap<>();
  private final List<RecoveryReport.PartitionRecovery> recoveries = new ArrayList<>();
  private final Object createLock = new Object();
  private volatile boolean closed;

  private DefaultLog(LogOptions options, FileSync sync, DirectoryLock lock) {
    this.options = options;
    this.sync = sync;
    this.lock = lock;
    this.streamsDirectory = options.directory().resolve("streams");
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kappa-log-maintenance").daemon().factory());
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
      log.loadStreams();
    } catch (RuntimeException | IOException e) {
      log.shutdownThreads();
      for (StreamLog stream : log.streams.values()) {
        for (PartitionLog partition : stream.partitions()) {
          partition.closeFiles();
        }
      }
      closeQuietly(lock);
      if (e instanceof IOException io) {
        throw new LogIOException("cannot open log in " + directory, io);
      }
      throw (RuntimeException) e;
    }
    log.scheduleMaintenance();
    return log;
  }

  private void loadStreams() throws IOException {
    List<Path> directories;
    try (Stream<Path> list = Files.list(streamsDirectory)) {
      directories = list.sorted(Comparator.comparing(Path::getFileName)).toList();
    }
    for (Path directory : directories) {
      String name = directory.getFileName().toString();
      if (name.startsWith(TEMP_PREFIX)) {
        deleteRecursively(directory); // a create that crashed before its rename
        continue;
      }
      StreamConfig config = StreamMetadata.read(directory);
      if (!config.name().equals(name)) {
        throw new CorruptLogException(
            directory.resolve(StreamMetadata.FILE),
            0,
            "metadata names stream '" + config.name() + "' but the directory is '" + name + "'");
      }
      streams.put(name, openStream(directory, config));
    }
  }

  private StreamLog openStream(Path directory, StreamConfig config) throws IOException {
    PartitionLog[] partitions = new PartitionLog[config.partitions()];
    try {
      loadPartitions(directory, config, partitions);
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

  private void loadPartitions(Path directory, StreamConfig config, PartitionLog[] partitions)
      throws IOException {
    for (int p = 0; p < partitions.length; p++) {
      Path partitionDirectory = directory.resolve(Integer.toString(p));
      Files.createDirectories(partitionDirectory);
      PartitionLoader.Loaded loaded =
          new PartitionLoader(
                  partitionDirectory, config.name(), p, options.indexIntervalBytes(), sync)
              .load();
      if (loaded.recovery() != null) {
        synchronized (recoveries) {
          recoveries.add(loaded.recovery());
        }
      }
      partitions[p] =
          new PartitionLog(
              config.name(),
              p,
              partitionDirectory,
              loaded.segments(),
              options,
              sync,
              health,
              flushExecutor);
      partitions[p].checkpoint();
    }
  }

  private void scheduleMaintenance() {
    long checkpointMs = options.checkpointInterval().toMillis();
    long retentionMs = options.retentionCheckInterval().toMillis();
    maintenance.scheduleWithFixedDelay(
        () -> guarded("checkpoint", this::checkpointAll),
        checkpointMs,
        checkpointMs,
        TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(
        () -> guarded("retention", this::enforceRetention),
        retentionMs,
        retentionMs,
        TimeUnit.MILLISECONDS);
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("log maintenance ({}) failed", what, e);
    }
  }

  private void checkpointAll() {
    for (StreamLog stream : streams.values()) {
      for (PartitionLog partition : stream.partitions()) {
        partition.checkpoint();
      }
    }
  }

  @Override
  public StreamInfo createStream(StreamConfig config) {
    synchronized (createLock) {
      checkOpen();
      if (streams.containsKey(config.name())) {
        throw new StreamExistsException(config.name());
      }
      Path target = streamsDirectory.resolve(config.name());
      Path temp = streamsDirectory.resolve(TEMP_PREFIX + config.name());
      try {
        deleteRecursively(temp);
        Files.createDirectories(temp);
        for (int p = 0; p < config.partitions(); p++) {
          Files.createDirectory(temp.resolve(Integer.toString(p)));
        }
        StreamMetadata.write(temp, config);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        sync.forceDirectory(streamsDirectory);
        StreamLog stream = openStream(target, config);
        streams.put(config.name(), stream);
        return stream.info();
      } catch (IOException | RuntimeException e) {
        removeFailedStream(temp, target, e);
        if (e instanceof IOException io) {
          throw new LogIOException("cannot create stream '" + config.name() + "'", io);
        }
        throw (RuntimeException) e;
      }
    }
  }

  /**
   * Removes what a failed create wrote, so the name is free again and a retry can rename its new
   * directory into place; nothing in it was ever acknowledged (openStream closed its files). A
   * crash before this finishes leaves either a complete stream, which the next open loads, or a
   * {@code .tmp-} directory, which it deletes.
   */
  private void removeFailedStream(Path temp, Path target, Exception failure) {
    try {
      deleteRecursively(temp);
      deleteRecursively(target);
      sync.forceDirectory(streamsDirectory);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
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
    return stream(stream).partition(partition).read(offset, maxBytes);
  }

  @Override
  public ReadResult poll(String stream, int partition, long offset, int maxBytes, Duration maxWait)
      throws InterruptedException {
    PartitionLog target = stream(stream).partition(partition);
    if (offset != target.durableEnd()) {
      return target.read(offset, maxBytes);
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
    return target.read(offset, maxBytes);
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
    synchronized (recoveries) {
      return new RecoveryReport(recoveries);
    }
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
    shutdownThreads();
    for (StreamLog stream : streams.values()) {
      for (PartitionLog partition : stream.partitions()) {
        partition.close();
      }
    }
    flushExecutor.shutdown();
    closeQuietly(lock);
  }

  private void shutdownThreads() {
    maintenance.shutdownNow();
    try {
      maintenance.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing {}: {}", closeable, e.toString());
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
