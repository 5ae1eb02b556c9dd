package dev.kappa.server.internal.views;

import dev.kappa.engine.Source;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewEngine;
import dev.kappa.log.Log;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.server.ServerConfig;
import dev.kappa.server.ViewSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views a server runs, over one {@link ViewEngine} whose state lives in {@code <data>/views/}.
 * A view starts as soon as every one of its source streams exists: at once when the server starts,
 * else within {@link #RECHECK_MS} ms of its last stream being created (or at the next {@link
 * #refresh()}, which every views request makes); until then it is {@link ServedView.State#WAITING}.
 * A view the engine refuses is {@link ServedView.State#FAILED} with the reason and is not retried.
 *
 * <p>Invariants: the set of views and their order (by name, then version) never change; a view
 * leaves WAITING at most once.
 *
 * <p>Thread-safe: starting views is serialized on this object; reading is lock-free.
 */
public final class ServedViews implements AutoCloseable {

  /** How often views waiting for a stream look again, in milliseconds. */
  public static final long RECHECK_MS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(ServedViews.class);

  private final Log log;
  private final ViewEngine engine;
  private final ViewLoader.Loaded loaded;
  private final List<ServedView> views;
  private final ScheduledExecutorService rechecks;
  private boolean closed;

  private ServedViews(Log log, ViewEngine engine, ViewLoader.Loaded loaded) {
    this.log = log;
    this.engine = engine;
    this.loaded = loaded;
    List<ServedView> all = new ArrayList<>();
    for (DefinedView view : loaded.views()) {
      all.add(new ServedView(view, missingStreams(view)));
    }
    all.sort(
        Comparator.comparing((ServedView v) -> v.view().name())
            .thenComparingInt(v -> v.view().version()));
    this.views = List.copyOf(all);
    this.rechecks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "kappa-views-waiting");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Loads the views {@code config} asks for and starts those whose streams exist.
   *
   * @throws dev.kappa.server.ViewLoadException if the views cannot be loaded
   */
  public static ServedViews open(ServerConfig config, Log log) {
    ViewSettings settings = config.views();
    ViewContext context = new ViewContext(SchemaRegistry.open(log));
    ViewLoader.Loaded loaded =
        ViewLoader.load(settings, config.dataDir(), context, ServedViews.class.getClassLoader());
    ViewEngine engine;
    try {
      engine =
          ViewEngine.builder(log, config.dataDir().resolve(ViewSettings.STATE_DIRECTORY))
              .threads(settings.threads())
              .clock(config.clock())
              .build();
    } catch (RuntimeException | Error e) {
      loaded.close();
      throw e;
    }
    ServedViews served = new ServedViews(log, engine, loaded);
    try {
      served.refresh();
      served.rechecks.scheduleWithFixedDelay(
          served::recheck, RECHECK_MS, RECHECK_MS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException | Error e) {
      served.close();
      throw e;
    }
    return served;
  }

  /** Every view, by name then version. */
  public List<ServedView> all() {
    return views;
  }

  /** The versions of the view named {@code name}, oldest first; empty if there is none. */
  public List<ServedView> versions(String name) {
    return views.stream().filter(v -> v.view().name().equals(name)).toList();
  }

  /** Starts every waiting view whose source streams all exist now. */
  public synchronized void refresh() {
    if (closed) {
      return;
    }
    for (ServedView view : views) {
      if (!view.waiting()) {
        continue;
      }
      List<String> missing = missingStreams(view.view().sources());
      if (!missing.isEmpty()) {
        view.stillMissing(missing);
        continue;
      }
      try {
        view.started(engine.start(view.view()));
        LOG.info("view {} started (from {})", view.view().id(), view.origin());
      } catch (RuntimeException e) {
        String reason = "could not start: " + e.getMessage();
        view.failedToStart(reason);
        LOG.warn("view {} (from {}) {}", view.view().id(), view.origin(), reason, e);
      }
    }
  }

  private void recheck() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("checking for the streams of waiting views failed", e);
    }
  }

  private List<String> missingStreams(DefinedView view) {
    return missingStreams(view.view().sources());
  }

  private List<String> missingStreams(List<Source> sources) {
    return sources.stream().map(Source::stream).distinct().filter(s -> !log.hasStream(s)).toList();
  }

  /** Stops every view, committing what it processed, and releases the state stores and jars. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    rechecks.shutdownNow();
    try {
      engine.close();
    } finally {
      loaded.close();
    }
  }
}
