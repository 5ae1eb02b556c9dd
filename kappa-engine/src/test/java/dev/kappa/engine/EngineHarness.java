package dev.kappa.engine;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.StreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that gives each test a real {@link EmbeddedLog} in a new temporary directory,
 * with stream {@link Input#STREAM} in {@value #PARTITIONS} partitions, and builds the {@link
 * ViewEngine}s the test runs over it, all with state under one directory. After the test it closes
 * every engine, then the log, and deletes the directory. Not thread-safe.
 */
final class EngineHarness implements BeforeEachCallback, AfterEachCallback {

  static final int PARTITIONS = 3;

  private final List<ViewEngine> engines = new ArrayList<>();
  private Path directory;
  private Log log;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    directory = Files.createTempDirectory("kappa-engine-test-");
    log = EmbeddedLog.open(directory.resolve("log"));
    log.createStream(StreamConfig.of(Input.STREAM, PARTITIONS));
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      engines.forEach(ViewEngine::close);
      engines.clear();
      log.close();
    } finally {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  Log log() {
    return log;
  }

  /** Where every engine of the test keeps view state. */
  Path stateDirectory() {
    return directory.resolve("state");
  }

  /** A new engine over the log and the shared state directory. */
  ViewEngine engine(int threads, long commitEveryRecords, int maxCacheEntries) {
    ViewEngine engine =
        ViewEngine.builder(log, stateDirectory())
            .threads(threads)
            .commitEveryRecords(commitEveryRecords)
            .maxCacheEntries(maxCacheEntries)
            .build();
    engines.add(engine);
    return engine;
  }

  /** A two-thread engine with the default commit interval and cache size. */
  ViewEngine engine() {
    return engine(2, 500_000, 1_000_000);
  }
}
