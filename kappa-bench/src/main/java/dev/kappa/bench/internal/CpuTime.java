package dev.kappa.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * CPU time used by this process and by given platform threads, so that a benchmark sharing the
 * server's JVM can say how much of the machine its load generator took. Stateless; thread-safe.
 */
final class CpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuTime() {}

  /** CPU time of the whole process in ns (every thread, GC and JIT included), or -1. */
  static long process() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  /** The summed CPU time of {@code threads} in ns; a thread that has ended counts 0. */
  static long of(List<Thread> threads) {
    long total = 0;
    for (Thread thread : threads) {
      long nanos = THREADS.getThreadCpuTime(thread.threadId());
      total += Math.max(0, nanos);
    }
    return total;
  }

  /** The one-minute load average of the machine, or -1 where the OS does not say. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** {@code nanos} of CPU over {@code wallNanos} of time, in cores, to 2 decimals. */
  static double cores(long nanos, long wallNanos) {
    return Sample.round((double) nanos / wallNanos, 2);
  }
}
