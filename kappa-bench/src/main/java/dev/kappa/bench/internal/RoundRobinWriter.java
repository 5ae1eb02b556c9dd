package dev.kappa.bench.internal;

import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a generated data set into a stream: record {@code i} goes to partition {@code i mod
 * partitions}, appended in batches of {@code batch} records with at most {@value #IN_FLIGHT}
 * appends outstanding. {@link #finish} appends what is left and waits until everything is durable.
 *
 * <p>Not thread-safe.
 */
final class RoundRobinWriter {

  private static final int IN_FLIGHT = 64;

  private final Log log;
  private final String stream;
  private final int batchSize;
  private final List<List<NewRecord>> batches = new ArrayList<>();
  private final List<CompletableFuture<?>> pending = new ArrayList<>();

  RoundRobinWriter(Log log, String stream, int partitions, int batchSize) {
    this.log = log;
    this.stream = stream;
    this.batchSize = batchSize;
    for (int p = 0; p < partitions; p++) {
      batches.add(new ArrayList<>(batchSize));
    }
  }

  /** Adds the {@code index}-th record of the data set. */
  void add(long index, NewRecord record) {
    int partition = (int) (index % batches.size());
    List<NewRecord> batch = batches.get(partition);
    batch.add(record);
    if (batch.size() == batchSize) {
      pending.add(log.append(stream, partition, List.copyOf(batch)));
      batch.clear();
      if (pending.size() >= IN_FLIGHT) {
        pending.forEach(CompletableFuture::join);
        pending.clear();
      }
    }
  }

  /** Appends the partial batches and waits until every record is durable. */
  void finish() {
    for (int p = 0; p < batches.size(); p++) {
      if (!batches.get(p).isEmpty()) {
        pending.add(log.append(stream, p, List.copyOf(batches.get(p))));
      }
    }
    pending.forEach(CompletableFuture::join);
    pending.clear();
  }
}
