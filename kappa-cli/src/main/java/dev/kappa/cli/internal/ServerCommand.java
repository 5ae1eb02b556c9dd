package dev.kappa.cli.internal;

import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import dev.kappa.server.ViewSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kappa server}: serves the HTTP API over the data directory until the process gets SIGINT
 * or SIGTERM (or, when run in-process, until its thread is interrupted); then the server stops
 * taking requests and closes the log cleanly before the command returns.
 *
 * <p>Settings come from the defaults, then the {@code --config} file, then the flags, each
 * overriding the one before; {@code --data} beats the file's {@code data}, which beats {@code
 * ./data}.
 */
@Command(
    name = "server",
    description = {
      "Serve the HTTP API (streams, schemas, ingest, reads, views, /health, /metrics,"
          + " /openapi.json) over the data directory until SIGINT or SIGTERM, running the views"
          + " of every view provider on the class path, in view jars and, with --example-views,"
          + " the built-in ones.",
      "Prints 'kappa server listening on http://HOST:PORT (data DIR)' once it accepts requests."
    })
final class ServerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "H",
      description =
          "The address to listen on (default: "
              + ServerConfig.DEFAULT_HOST
              + ", this machine only; 0.0.0.0 for every interface).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "The port (default: " + ServerConfig.DEFAULT_PORT + "; 0 for any free port).")
  Integer port;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A kappa.properties or kappa.yaml file of settings (data, host, port, maxBodyBytes,"
              + " maxRecordBytes, idleTimeout, idempotency.window, …); flags override it.")
  Path config;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "N",
      description = "The largest request body, in bytes or with KiB/MiB/GiB (default: 16MiB).")
  String maxBodyBytes;

  @Option(
      names = "--max-events-per-request",
      paramLabel = "N",
      description =
          "The most events one ingest request may hold; more are refused whole with 413"
              + " too_many_events (default: "
              + ServerConfig.DEFAULT_MAX_EVENTS_PER_REQUEST
              + ").")
  Integer maxEventsPerRequest;

  @Option(
      names = "--idempotency-window",
      paramLabel = "D",
      description =
          "How long event ids and Idempotency-Keys are remembered: ISO-8601 (PT1H) or"
              + " milliseconds (default: PT24H).")
  String idempotencyWindow;

  @Option(
      names = "--views-dir",
      paramLabel = "DIR",
      description =
          "A directory whose *.jar files hold view providers (default: <data>/views.d if it"
              + " exists).")
  Path viewsDir;

  @Option(
      names = "--views",
      paramLabel = "JAR",
      description = "A jar holding view providers; repeat for more. Replaces the config's list.")
  List<Path> viewJars = new ArrayList<>();

  @Option(
      names = "--example-views",
      description =
          "Run the built-in example views: page-views-per-minute, page views per page per minute"
              + " on stream 'clicks' (it starts once the stream exists).")
  boolean exampleViews;

  @Override
  public Integer call() {
    ServerConfig settings = settings();
    KappaServer server = KappaServer.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    PrintWriter err = spec.commandLine().getErr();
    Thread hook =
        new Thread(
            () -> {
              server.close();
              err.println("kappa server stopped; the log is closed");
              err.flush();
              stopped.countDown();
            },
            "kappa-server-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "kappa server listening on %s (data %s)%n",
        server.uri(), settings.dataDir().toAbsolutePath().normalize());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Stopped by whoever runs this command in-process, not by a signal.
      stopInProcess(server, hook);
    }
    return 0;
  }

  private static void stopInProcess(KappaServer server, Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; close() is idempotent
    }
    server.close();
    Thread.currentThread().interrupt();
  }

  /**
   * The defaults, overridden by the config file, overridden by the flags; the data directory is
   * {@code ./data} if neither names one.
   */
  ServerConfig settings() {
    ServerConfig.Builder builder =
        config == null ? ServerConfig.builder() : ServerConfig.load(config);
    if (host != null) {
      builder.host(host);
    }
    if (port != null) {
      builder.port(port);
    }
    if (maxBodyBytes != null) {
      builder.set("maxBodyBytes", maxBodyBytes);
    }
    if (maxEventsPerRequest != null) {
      builder.maxEventsPerRequest(maxEventsPerRequest);
    }
    if (idempotencyWindow != null) {
      builder.set("idempotency.window", idempotencyWindow);
    }
    ViewSettings views = builder.views();
    builder.views(
        new ViewSettings(
            viewsDir != null ? viewsDir : views.directory(),
            viewJars.isEmpty() ? views.jars() : viewJars,
            exampleViews || views.examples(),
            views.threads(),
            views.deploy()));
    Path data = Commands.root(spec).explicitDataDir();
    if (data != null) {
      builder.dataDir(data);
    }
    if (!builder.hasDataDir()) {
      builder.dataDir(KappaCommand.DEFAULT_DATA);
    }
    return builder.build();
  }
}
