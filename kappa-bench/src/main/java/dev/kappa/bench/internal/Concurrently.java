package dev.kappa.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one task on several threads that start together, and times them as one run. */
final class Concurrently {

  /** A task run by thread {@code index}; returns how many records it processed. */
  @FunctionalInterface
  interface Task {
    long run(int index) throws Exception;
  }

  private Concurrently() {}

  /**
   * Runs {@code task} on {@code threads} platform threads released at the same moment.
   *
   * @return the records of all threads, and the time from the release until the last finished
   * @throws IllegalStateException if a task failed
   */
  static Sample run(int threads, Task task) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.run(index);
                }));
      }
      long begin = System.nanoTime();
      start.countDown();
      long records = 0;
      for (Future<Long> f : futures) {
        records += f.get();
      }
      return new Sample(records, System.nanoTime() - begin);
    } catch (ExecutionException e) {
      throw new IllegalStateException("benchmark task failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
