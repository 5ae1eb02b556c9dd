package dev.kappa.server.internal.views;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes a build's state directory, deepest entries first. Stateless. */
final class BuildDirectories {

  private BuildDirectories() {}

  /**
   * Deletes {@code directory} and everything in it; nothing if it does not exist.
   *
   * @throws UncheckedIOException if something cannot be deleted
   */
  static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> all = new ArrayList<>(files.toList());
      all.sort(Comparator.reverseOrder());
      for (Path file : all) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + directory + ": " + e.getMessage(), e);
    }
  }
}
