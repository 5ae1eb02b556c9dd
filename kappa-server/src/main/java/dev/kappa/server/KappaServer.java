package dev.kappa.server;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogOptions;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.server.internal.catalog.StreamCatalog;
import dev.kappa.server.internal.cloudevents.CloudEventReader;
import dev.kappa.server.internal.http.ApiRoutes;
import dev.kappa.server.internal.http.DeployHandlers;
import dev.kappa.server.internal.http.ErrorCode;
import dev.kappa.server.internal.http.ErrorResponses;
import dev.kappa.server.internal.http.EventBodies;
import dev.kappa.server.internal.http.HttpApp;
import dev.kappa.server.internal.http.IngestHandler;
import dev.kappa.server.internal.http.JettyErrors;
import dev.kappa.server.internal.http.JsonBodies;
import dev.kappa.server.internal.http.JsonCodec;
import dev.kappa.server.internal.http.LineageHandlers;
import dev.kappa.server.internal.http.LineageRoutes;
import dev.kappa.server.internal.http.OpsHandlers;
import dev.kappa.server.internal.http.QueryHandlers;
import dev.kappa.server.internal.http.QueryRoutes;
import dev.kappa.server.internal.http.ReadHandler;
import dev.kappa.server.internal.http.RequestBodies;
import dev.kappa.server.internal.http.Route;
import dev.kappa.server.internal.http.SchemaHandlers;
import dev.kappa.server.internal.http.StateFastPath;
import dev.kappa.server.internal.http.StreamHandlers;
import dev.kappa.server.internal.http.ViewHandlers;
import dev.kappa.server.internal.http.ViewRoutes;
import dev.kappa.server.internal.ingest.IngestSettings;
import dev.kappa.server.internal.ingest.Ingestor;
import dev.kappa.server.internal.lineage.LineageCatalog;
import dev.kappa.server.internal.lineage.OpenLineageEvents;
import dev.kappa.server.internal.metrics.ServerMetrics;
import dev.kappa.server.internal.openapi.OpenApiDocument;
import dev.kappa.server.internal.query.QueryParser;
import dev.kappa.server.internal.query.QueryRunner;
import dev.kappa.server.internal.query.RunningQueries;
import dev.kappa.server.internal.views.ServedViews;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A running Kappa server: the HTTP API over one data directory's log and schema registry.
 *
 * <p>The server owns what it opens: {@link #start} opens the log (taking its directory lock), the
 * schema registry kept on it and the ingestor, then the views (see {@link ViewSettings}), then
 * starts Jetty; {@link #close} stops Jetty first, so no request is in flight, then stops the views
 * (committing what they processed), and then closes the log. If starting fails, everything opened
 * so far is closed again.
 *
 * <p>Thread-safe. {@link #close} is idempotent.
 */
public final class KappaServer implements AutoCloseable {

  /** The API version stated in the OpenAPI document. */
  public static final String API_VERSION = "0.1.0";

  /** The producer named in OpenLineage events and facets. */
  static final String PRODUCER = "urn:kappa:server:" + API_VERSION;

  private final ServerConfig config;
  private final Log log;
  private final ServerMetrics metrics;
  private final ServedViews views;
  private final Javalin app;
  private final int port;
  private final List<Route> routes;
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);

  private enum State {
    RUNNING,
    CLOSED
  }

  private KappaServer(
      ServerConfig config,
      Log log,
      ServerMetrics metrics,
      ServedViews views,
      Javalin app,
      List<Route> routes) {
    this.config = config;
    this.log = log;
    this.metrics = metrics;
    this.views = views;
    this.app = app;
    this.port = app.port();
    this.routes = routes;
  }

  /**
   * Opens the log in {@code config.dataDir()} and starts serving.
   *
   * @throws ServerStartException if the host does not resolve or the port cannot be bound
   * @throws dev.kappa.log.LogLockedException if another process holds the data directory
   * @throws dev.kappa.log.CorruptLogException if durable data is damaged
   * @throws ViewLoadException if a view jar or provider cannot be loaded
   */
  public static KappaServer start(ServerConfig config) {
    return start(config, UnaryOperator.identity());
  }

  /**
   * Starts serving a log made by {@code decorate} from the opened one; the seam through which tests
   * make the log fail. The server closes the decorated log.
   */
  static KappaServer start(ServerConfig config, UnaryOperator<Log> decorate) {
    checkResolves(config);
    Log log =
        decorate.apply(
            EmbeddedLog.open(
                LogOptions.builder(config.dataDir())
                    .maxRecordBytes(config.maxRecordBytes())
                    .clock(config.clock())
                    .build()));
    ServerMetrics metrics = null;
    ServedViews views = null;
    try {
      metrics = new ServerMetrics(log);
      views = ServedViews.open(config, log);
      return serve(config, log, metrics, views);
    } catch (RuntimeException | Error e) {
      closeQuietly(views, e);
      closeQuietly(metrics, e);
      closeQuietly(log, e);
      throw e;
    }
  }

  private static KappaServer serve(
      ServerConfig config, Log log, ServerMetrics metrics, ServedViews views) {
    SchemaRegistry registry = SchemaRegistry.open(log);
    JsonCodec json =
        new JsonCodec(
            config.jsonMaxNestingDepth(),
            config.jsonMaxStringLength(),
            config.jsonMaxNumberLength());
    RequestBodies requestBodies = new RequestBodies(config.maxBodyBytes());
    AtomicReference<byte[]> openApi = new AtomicReference<>();
    List<Route> routes = routes(config, log, registry, metrics, json, requestBodies, openApi::get);
    ViewHandlers viewHandlers = new ViewHandlers(views, log, json);
    routes =
        ViewRoutes.append(
            routes,
            viewHandlers,
            new DeployHandlers(views, new JsonBodies(requestBodies, json), json, viewHandlers));
    AtomicReference<String> namespace = new AtomicReference<>();
    routes =
        LineageRoutes.append(
            routes,
            new LineageHandlers(
                new LineageCatalog(views, log, registry),
                new OpenLineageEvents(registry, PRODUCER),
                namespace::get,
                config.clock(),
                json));
    routes =
        QueryRoutes.append(
            routes,
            new QueryHandlers(
                new QueryParser(config.queries()),
                new QueryRunner(log, registry),
                new RunningQueries(config.queries().maxConcurrent()),
                new JsonBodies(requestBodies, json),
                json));
    openApi.set(
        json.write(
            OpenApiDocument.build(
                "Kappa",
                API_VERSION,
                routes.stream().map(Route::operation).toList(),
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList())));
    Javalin app =
        HttpApp.create(
            new HttpApp.Listener(config.host(), config.port(), config.idleTimeout()),
            routes,
            requestBodies,
            new ErrorResponses(json, metrics),
            new JettyErrors(json, metrics),
            new StateFastPath(viewHandlers, metrics.directStateReads()));
    try {
      app.start();
    } catch (RuntimeException e) {
      stopQuietly(app, e);
      throw ServerStartException.bindFailed(config.host(), config.port(), e);
    }
    namespace.set("kappa://" + authority(config.host(), app.port()));
    return new KappaServer(config, log, metrics, views, app, routes);
  }

  /** Fails before the log is opened if the host name does not resolve. */
  private static void checkResolves(ServerConfig config) {
    try {
      InetAddress.getByName(config.host());
    } catch (UnknownHostException e) {
      throw new ServerStartException(
          config.host(), config.port(), "the host name does not resolve", e);
    }
  }

  private static void stopQuietly(Javalin app, Throwable failure) {
    try {
      app.stop();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static List<Route> routes(
      ServerConfig config,
      Log log,
      SchemaRegistry registry,
      ServerMetrics metrics,
      JsonCodec json,
      RequestBodies requestBodies,
      Supplier<byte[]> openApi) {
    IngestSettings settings =
        new IngestSettings(
            config.idempotencyWindow(),
            config.idempotencyMaxEntries(),
            config.maxRecordBytes(),
            config.maxEventsPerRequest());
    Ingestor ingestor = new Ingestor(log, registry, config.clock(), settings);
    JsonBodies jsonBodies = new JsonBodies(requestBodies, json);
    return ApiRoutes.table(
        new OpsHandlers(log, metrics, json, config.clock(), openApi),
        new StreamHandlers(log, new StreamCatalog(log, registry), jsonBodies, json),
        new SchemaHandlers(log, registry, jsonBodies, json),
        new IngestHandler(
            log,
            ingestor,
            new EventBodies(json, new CloudEventReader(json), settings.maxEventsPerRequest()),
            requestBodies,
            json,
            metrics),
        new ReadHandler(log, registry, json));
  }

  /** The port the server listens (or listened) on; the bound one when the configured was 0. */
  public int port() {
    return port;
  }

  /** The server's base address, such as {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return URI.create("http://" + authority(config.host(), port()));
  }

  /** {@code host:port}, with an IPv6 host in brackets. */
  private static String authority(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  public ServerConfig config() {
    return config;
  }

  /** The routes served, in the order of the OpenAPI document; for tests of this module. */
  List<Route> routes() {
    return routes;
  }

  /** Stops accepting requests, waits for Jetty to stop, stops the views, then closes the log. */
  @Override
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.CLOSED)) {
      return;
    }
    try {
      app.stop();
    } finally {
      try {
        views.close();
      } finally {
        try {
          metrics.close();
        } finally {
          log.close();
        }
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable, Throwable failure) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
