package dev.kappa.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's own temporary directory, holding one subdirectory (one log) per run. Closing it
 * deletes everything in it. Not thread-safe.
 */
public final class BenchDirectory implements AutoCloseable {

  private final Path root;
  private final AtomicInteger runs = new AtomicInteger();

  private BenchDirectory(Path root) {
    this.root = root;
  }

  /**
   * Creates a fresh {@code kappa-bench-*} directory inside {@code parent}, or inside the system
   * temporary directory when {@code parent} is null.
   */
  public static BenchDirectory create(Path parent) {
    try {
      if (parent == null) {
        return new BenchDirectory(Files.createTempDirectory("kappa-bench-"));
      }
      Files.createDirectories(parent);
      return new BenchDirectory(Files.createTempDirectory(parent, "kappa-bench-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a benchmark directory in " + parent, e);
    }
  }

  public Path root() {
    return root;
  }

  /** A path, not yet existing, for the log of one run. */
  public Path newRun(String label) {
    return root.resolve(label + "-" + runs.incrementAndGet());
  }

  /** Deletes {@code path} and everything below it, if it exists. */
  public static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  @Override
  public void close() {
    delete(root);
  }
}
