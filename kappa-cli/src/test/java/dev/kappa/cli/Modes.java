package dev.kappa.cli;

import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same commands on a data directory directly ({@link Mode#LOCAL}) or through a real server
 * over it on an ephemeral port ({@link Mode#SERVER}, adding {@code --server URL}), so one test
 * proves both paths give the same results.
 */
final class Modes implements AutoCloseable {

  /** How commands reach the data. */
  enum Mode {
    LOCAL,
    SERVER
  }

  private final Path data;
  private final Mode mode;
  private KappaServer server;

  Modes(Path data, Mode mode) {
    this.data = data;
    this.mode = mode;
  }

  /** The server's address, starting the server if it is not running; only in SERVER mode. */
  String url() {
    if (server == null) {
      server = KappaServer.start(ServerConfig.builder().dataDir(data).port(0).build());
    }
    return server.uri().toString();
  }

  /** Runs a command that takes {@code --server}, in this mode. */
  Cli.Result run(String... args) {
    return runWithStdin("", args);
  }

  Cli.Result runWithStdin(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (mode == Mode.SERVER) {
      all.add("--server");
      all.add(url());
    }
    return new Cli(data).runWithStdin(stdin, all.toArray(String[]::new));
  }

  /**
   * Runs a command that only works on the data directory, such as {@code read}: the server, if any,
   * is stopped first, since it holds the directory; the next {@link #run} starts it again.
   */
  Cli.Result runLocal(String... args) {
    stopServer();
    return new Cli(data).run(args);
  }

  private void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    stopServer();
  }
}
