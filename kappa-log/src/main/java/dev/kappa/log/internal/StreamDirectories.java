package dev.kappa.log.internal;

import dev.kappa.log.CorruptLogException;
import dev.kappa.log.StreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code streams/} directory of a data directory: one directory per stream, named by the
 * stream, holding {@code stream.properties} and one directory per partition.
 *
 * <p>A stream is created in {@code streams/.tmp-NAME} and renamed into place, so after a crash it
 * is fully there or not at all; leftover {@code .tmp-} directories are deleted when the log opens.
 *
 * <p>Not thread-safe: the log serializes creates, and lists only while opening.
 */
final class StreamDirectories {

  static final String TEMP_PREFIX = ".tmp-";

  private final Path directory;
  private final FileSync sync;

  StreamDirectories(Path directory, FileSync sync) {
    this.directory = directory;
    this.sync = sync;
  }

  /**
   * The streams' directories and configurations, sorted by name, after deleting the {@code .tmp-}
   * directories of creates that crashed before their rename.
   *
   * @throws CorruptLogException if a stream's metadata is unreadable or names another stream
   */
  List<Existing> load() throws IOException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(directory)) {
      entries = list.sorted(Comparator.comparing(Path::getFileName)).toList();
    }
    List<Existing> streams = new java.util.ArrayList<>();
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (name.startsWith(TEMP_PREFIX)) {
        deleteRecursively(entry);
        continue;
      }
      StreamConfig config = StreamMetadata.read(entry);
      if (!config.name().equals(name)) {
        throw new CorruptLogException(
            entry.resolve(StreamMetadata.FILE),
            0,
            "metadata names stream '" + config.name() + "' but the directory is '" + name + "'");
      }
      streams.add(new Existing(entry, config));
    }
    return streams;
  }

  /** A stream found on disk. */
  record Existing(Path directory, StreamConfig config) {}

  /**
   * Writes a new stream's directory (metadata and empty partition directories) and renames it into
   * place durably. Returns its path.
   */
  Path create(StreamConfig config) throws IOException {
    Path target = directory.resolve(config.name());
    Path temp = directory.resolve(TEMP_PREFIX + config.name());
    deleteRecursively(temp);
    Files.createDirectories(temp);
    for (int p = 0; p < config.partitions(); p++) {
      Files.createDirectory(temp.resolve(Integer.toString(p)));
    }
    StreamMetadata.write(temp, config);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    sync.forceDirectory(directory);
    return target;
  }

  /**
   * Removes what a failed {@link #create} (or a failed first open after it) wrote, so the name is
   * free again and a retry can rename its new directory into place; nothing in it was ever
   * acknowledged. A crash before this finishes leaves either a complete stream, which the next open
   * loads, or a {@code .tmp-} directory, which it deletes. Problems are added to {@code failure}.
   */
  void removeFailed(String name, Exception failure) {
    try {
      deleteRecursively(directory.resolve(TEMP_PREFIX + name));
      deleteRecursively(directory.resolve(name));
      sync.forceDirectory(directory);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
