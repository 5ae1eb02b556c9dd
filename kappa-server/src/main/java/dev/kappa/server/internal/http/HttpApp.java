package dev.kappa.server.internal.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Javalin application: the route table's routes, configured up front, served by Jetty through
 * one connector on the configured host and port.
 *
 * <p><b>Threads.</b> Jetty's acceptor and selectors, one selector per core, are platform threads;
 * every request that may block runs on a virtual thread of its own. Reads of view state that
 * succeed are answered in front of Javalin, by {@link StateFastPath}, point lookups among them on
 * the selector thread itself; everything else goes through the routes. Every request first has its
 * declared {@code Content-Length} checked against the body limit, and its query string checked to
 * decode ({@link QueryStrings}). Every failure, from a handler or from routing (no such path, wrong
 * method), is rendered by {@link ErrorResponses}; what Jetty refuses itself, by {@link
 * JettyErrors}. The connector's idle timeout closes connections that go silent, such as a client
 * that sends headers and then stalls on its body.
 */
public final class HttpApp {

  private HttpApp() {}

  /**
   * Listener and limit settings.
   *
   * @param host the address to bind
   * @param port the port, 0 for any free one
   * @param idleTimeout how long a connection may stay silent
   */
  public record Listener(String host, int port, Duration idleTimeout) {}

  /** Platform threads for Jetty's own loops; virtual threads for the requests. */
  private static QueuedThreadPool threadPool() {
    // Room for an acceptor and a selector per core on any machine, as Jetty's budget requires.
    QueuedThreadPool pool =
        new QueuedThreadPool(Math.max(200, 4 * Runtime.getRuntime().availableProcessors()));
    pool.setName("kappa-http");
    pool.setVirtualThreadsExecutor(
        VirtualThreads.getNamedVirtualThreadsExecutor("kappa-http-request-"));
    return pool;
  }

  /** A configured, not yet started application. */
  public static Javalin create(
      Listener listener,
      List<Route> routes,
      RequestBodies bodies,
      ErrorResponses errors,
      JettyErrors jettyErrors,
      StateFastPath stateReads) {
    return Javalin.create(
        config -> {
          config.concurrency.useVirtualThreads = true;
          config.jetty.threadPool = threadPool();
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.startup.startupWatcherEnabled = false;
          config.http.maxRequestSize = bodies.maxBodyBytes();
          config.http.compressionStrategy = CompressionStrategy.NONE;
          config.http.prefer405over404 = true;
          config.jetty.addConnector(
              (server, httpConfiguration) -> {
                // Selectors answer point lookups themselves (StateFastPath): one per core.
                ServerConnector connector =
                    new ServerConnector(
                        server,
                        1,
                        Runtime.getRuntime().availableProcessors(),
                        new HttpConnectionFactory(httpConfiguration));
                connector.setHost(listener.host());
                connector.setPort(listener.port());
                connector.setIdleTimeout(listener.idleTimeout().toMillis());
                return connector;
              });
          config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
          // In front of whatever Javalin's server has; Javalin mounts its servlet context inside.
          config.jetty.modifyServer(server -> server.insertHandler(stateReads));
          config.routes.before(bodies::checkDeclaredLength);
          config.routes.before(QueryStrings::check);
          for (Route route : routes) {
            config.routes.addHttpHandler(
                HandlerType.findOrCreate(route.operation().method()),
                route.operation().path(),
                route.handler());
          }
          config.routes.exception(HttpResponseException.class, (e, ctx) -> errors.render(ctx, e));
          config.routes.exception(Exception.class, (e, ctx) -> errors.render(ctx, e));
        });
  }
}
