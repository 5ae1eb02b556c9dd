package dev.kappa.log.internal;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Runs file I/O on a caller's thread without letting the caller's interrupt turn into a storage
 * failure: the interrupt flag is cleared for the call (and restored after), and an operation cut
 * short by an interrupt arriving mid-call is run again. Only for operations that are safe to repeat
 * and open their own channels (directory fsyncs, atomic file replacement, creating a file).
 */
final class Uninterruptibly {

  @FunctionalInterface
  interface IoCall<T> {
    T call() throws IOException;
  }

  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }

  private Uninterruptibly() {}

  static <T> T call(IoCall<T> io) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return io.call();
        } catch (ClosedByInterruptException e) {
          interrupted = true;
          Thread.interrupted();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void run(IoAction io) throws IOException {
    call(
        () -> {
          io.run();
          return null;
        });
  }
}
