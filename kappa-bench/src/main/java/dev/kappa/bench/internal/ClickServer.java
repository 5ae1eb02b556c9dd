package dev.kappa.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A server in this JVM running the example view {@value #VIEW} over the schemaless stream {@value
 * #STREAM}, preloaded with clicks so that every page of {@link #lookupPaths} has counts. The {@link
 * ServeWorkload}s of {@code kappa bench serve} share one. Closing it stops the server and deletes
 * its directory.
 *
 * <p>Not thread-safe to start or close; its accessors are.
 */
public final class ClickServer implements AutoCloseable {

  static final String VIEW = "page-views-per-minute";
  static final String STREAM = "clicks";
  static final String EVENTS_PATH = "/streams/" + STREAM + "/events";
  static final int PARTITIONS = 2;
  private static final int PRELOAD_BATCH = 5000;
  private static final Duration CATCH_UP = Duration.ofMinutes(5);

  private final BenchServer server;
  private final List<byte[]> clicks;
  private final List<String> lookupPaths;

  private ClickServer(BenchServer server, List<byte[]> clicks) {
    this.server = server;
    this.clicks = clicks;
    this.lookupPaths = ClickEvents.lookupPaths(VIEW, clicks);
  }

  /**
   * Starts the server in a new run directory of {@code dir}, ingests {@code preload} distinct
   * clicks and waits until the view has counted them all.
   *
   * @throws IllegalStateException if the server refused the clicks or the view did not catch up
   */
  public static ClickServer start(BenchDirectory dir, int preload) throws InterruptedException {
    BenchServer server = BenchServer.withExampleViews(dir.newRun("server"));
    try {
      server.createSchemalessStream(STREAM, PARTITIONS);
      ClickServer started = new ClickServer(server, ClickEvents.events(preload, 0));
      started.preload();
      server.awaitServingCaughtUp(VIEW, CATCH_UP);
      return started;
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  private void preload() {
    ClickBodies bodies = new ClickBodies(clicks);
    try (KeepAliveConnection connection = new KeepAliveConnection(uri())) {
      for (int sent = 0; sent < clicks.size(); sent += PRELOAD_BATCH) {
        int length = bodies.fill(Math.min(PRELOAD_BATCH, clicks.size() - sent));
        int status =
            connection.send(connection.postNdjson(EVENTS_PATH, length), bodies.buffer(), length);
        if (status != 200) {
          throw new IllegalStateException("clicks not acknowledged: " + connection.bodyText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.checkRecordCount(STREAM, clicks.size());
  }

  /** The server's base address. */
  URI uri() {
    return server.uri("");
  }

  /** The preloaded clicks; sending them again only raises counts of pages that exist. */
  List<byte[]> clicks() {
    return clicks;
  }

  /** {@code GET /views/page-views-per-minute/state?key=<page>} for each distinct preloaded page. */
  List<String> lookupPaths() {
    return lookupPaths;
  }

  @Override
  public void close() {
    server.close();
  }
}
