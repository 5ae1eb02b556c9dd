package dev.kappa.cli.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A log shared by a test and a command: the command's close() leaves it open. */
record UnclosableLog(Log log) implements Log {

  @Override
  public StreamInfo createStream(StreamConfig config) {
    return log.createStream(config);
  }

  @Override
  public List<StreamInfo> listStreams() {
    return log.listStreams();
  }

  @Override
  public StreamInfo describeStream(String stream) {
    return log.describeStream(stream);
  }

  @Override
  public boolean hasStream(String stream) {
    return log.hasStream(stream);
  }

  @Override
  public CompletableFuture<AppendResult> append(
      String stream, int partition, List<NewRecord> records) {
    return log.append(stream, partition, records);
  }

  @Override
  public CompletableFuture<List<AppendResult>> appendByKey(String stream, List<NewRecord> records) {
    return log.appendByKey(stream, records);
  }

  @Override
  public ReadResult read(String stream, int partition, long offset, int maxBytes) {
    return log.read(stream, partition, offset, maxBytes);
  }

  @Override
  public ReadResult poll(String stream, int partition, long offset, int maxBytes, Duration maxWait)
      throws InterruptedException {
    return log.poll(stream, partition, offset, maxBytes, maxWait);
  }

  @Override
  public long offsetForTime(String stream, int partition, long timestamp) {
    return log.offsetForTime(stream, partition, timestamp);
  }

  @Override
  public CompletableFuture<Long> awaitDurable(String stream, int partition, long offset) {
    return log.awaitDurable(stream, partition, offset);
  }

  @Override
  public PartitionInfo partition(String stream, int partition) {
    return log.partition(stream, partition);
  }

  @Override
  public void enforceRetention() {
    log.enforceRetention();
  }

  @Override
  public java.util.Optional<dev.kappa.log.LogFailedException> failure() {
    return log.failure();
  }

  @Override
  public RecoveryReport recoveryReport() {
    return log.recoveryReport();
  }

  @Override
  public void close() {
    // the test closes the shared log
  }
}
