package dev.kappa.server;

import java.net.BindException;

/**
 * The server could not start listening on its host and port: the host name does not resolve, the
 * address is not one of this machine's, or the port is in use or not permitted. The message names
 * the host, the port and the reason in one line. Nothing stays open: the log opened for the server
 * is closed again.
 */
public final class ServerStartException extends RuntimeException {

  private final String host;
  private final int port;

  public ServerStartException(String host, int port, String reason, Throwable cause) {
    super("cannot listen on " + host + ":" + port + ": " + reason, cause);
    this.host = host;
    this.port = port;
  }

  /** The failure to bind {@code host}:{@code port} that {@code failure} (or a cause of it) is. */
  static ServerStartException bindFailed(String host, int port, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException bind) {
        String why = String.valueOf(bind.getMessage());
        String reason =
            why.contains("in use")
                ? "port " + port + " is already in use by another process"
                : why.contains("assign")
                    ? "the address is not one of this machine's (" + why + ")"
                    : why;
        return new ServerStartException(host, port, reason, failure);
      }
    }
    return new ServerStartException(host, port, String.valueOf(failure.getMessage()), failure);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }
}
