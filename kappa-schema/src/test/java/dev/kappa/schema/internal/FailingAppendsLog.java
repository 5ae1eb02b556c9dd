package dev.kappa.schema.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.NewRecord;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Log} whose appends, once {@link #failAppends} is set, complete exceptionally with a
 * {@link LogFailedException}, as the real log's do after a failed fsync; everything else goes to
 * the real log.
 */
final class FailingAppendsLog implements Log {

  private final Log delegate;
  volatile boolean failAppends;

  FailingAppendsLog(Log delegate) {
    this.delegate = delegate;
  }

  private <T> CompletableFuture<T> injected() {
    return CompletableFuture.failedFuture(
        new LogFailedException("injected: fsync failed", new IOException("EIO")));
  }

  @Override
  public CompletableFuture<AppendResult> append(
      String stream, int partition, List<NewRecord> records) {
    return failAppends ? injected() : delegate.append(stream, partition, records);
  }

  @Override
  public CompletableFuture<List<AppendResult>> appendByKey(String stream, List<NewRecord> records) {
    return failAppends ? injected() : delegate.appendByKey(stream, records);
  }

  @Override
  public StreamInfo createStream(StreamConfig config) {
    return delegate.createStream(config);
  }

  @Override
  public List<StreamInfo> listStreams() {
    return delegate.listStreams();
  }

  @Override
  public StreamInfo describeStream(String stream) {
    return delegate.describeStream(stream);
  }

  @Override
  public boolean hasStream(String stream) {
    return delegate.hasStream(stream);
  }

  @Override
  public ReadResult read(String stream, int partition, long offset, int maxBytes) {
    return delegate.read(stream, partition, offset, maxBytes);
  }

  @Override
  public ReadResult poll(String stream, int partition, long offset, int maxBytes, Duration maxWait)
      throws InterruptedException {
    return delegate.poll(stream, partition, offset, maxBytes, maxWait);
  }

  @Override
  public long offsetForTime(String stream, int partition, long timestamp) {
    return delegate.offsetForTime(stream, partition, timestamp);
  }

  @Override
  public CompletableFuture<Long> awaitDurable(String stream, int partition, long offset) {
    return delegate.awaitDurable(stream, partition, offset);
  }

  @Override
  public PartitionInfo partition(String stream, int partition) {
    return delegate.partition(stream, partition);
  }

  @Override
  public void enforceRetention() {
    delegate.enforceRetention();
  }

  @Override
  public Optional<LogFailedException> failure() {
    return delegate.failure();
  }

  @Override
  public RecoveryReport recoveryReport() {
    return delegate.recoveryReport();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
