package dev.kappa.log;

import java.nio.file.Path;

/**
 * A tiny program that another JVM runs to try to open a log: prints {@code OPENED} if it got the
 * directory, or {@code LOCKED <code> <message>} if it was refused. Used by {@link
 * SecondWriterTest}.
 */
public final class LockProbe {

  private LockProbe() {}

  public static void main(String[] args) {
    try (Log log = EmbeddedLog.open(Path.of(args[0]))) {
      System.out.println("OPENED " + log.listStreams().size());
    } catch (LogLockedException e) {
      System.out.println("LOCKED " + e.code() + " " + e.getMessage());
    }
  }
}
