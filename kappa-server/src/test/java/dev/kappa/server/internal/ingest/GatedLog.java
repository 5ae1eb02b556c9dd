package dev.kappa.server.internal.ingest;

import dev.kappa.log.Log;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A log whose next {@code append} to one stream can be held at a gate (and then failed), and whose
 * appends to that stream are counted, so that tests can see what ingest does while an append is in
 * progress. Every other call goes straight to the real log.
 */
final class GatedLog {

  /** Appends to the stream that reached the real log. */
  final AtomicInteger appends = new AtomicInteger();

  /** Counted down when the held append has arrived at the gate. */
  final CountDownLatch held = new CountDownLatch(1);

  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicBoolean armed = new AtomicBoolean();
  private volatile RuntimeException failHeld;
  private final Log log;

  GatedLog(Log real, String stream) {
    this.log =
        (Log)
            Proxy.newProxyInstance(
                Log.class.getClassLoader(),
                new Class<?>[] {Log.class},
                (proxy, method, args) -> {
                  boolean append = method.getName().equals("append") && stream.equals(args[0]);
                  if (append && armed.compareAndSet(true, false)) {
                    held.countDown();
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                      throw new AssertionError("the held append was never let through");
                    }
                    if (failHeld != null) {
                      return CompletableFuture.failedFuture(failHeld);
                    }
                  }
                  if (append) {
                    appends.incrementAndGet();
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  Log log() {
    return log;
  }

  /** Holds the next append at the gate until {@link #open}. */
  void holdNext() {
    armed.set(true);
  }

  /** Holds the next append at the gate, then fails it with {@code failure} instead of appending. */
  void holdNextAndFail(RuntimeException failure) {
    failHeld = failure;
    holdNext();
  }

  void open() {
    gate.countDown();
  }
}
