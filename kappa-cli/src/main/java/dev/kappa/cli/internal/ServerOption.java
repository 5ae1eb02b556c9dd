package dev.kappa.cli.internal;

import dev.kappa.cli.internal.http.KappaHttpClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --server URL} option of commands that work either on the data directory or through a
 * running server's HTTP API, and the {@code --timeout} that bounds every wait for that server.
 */
final class ServerOption {

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Work through the HTTP API of the server at URL (such as http://127.0.0.1:8080)"
              + " instead of opening --data directly.")
  String url;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      description =
          "The longest wait for the server, to connect and for each answer, such as 500ms, 30s,"
              + " 2m or PT2M (default: 30s); long polls of --follow wait this long on top of"
              + " their poll.")
  String timeout;

  boolean given() {
    return url != null;
  }

  /**
   * A client of the server.
   *
   * @throws IllegalArgumentException if the URL or the timeout is malformed
   */
  KappaHttpClient connect() {
    return KappaHttpClient.connect(url, timeout());
  }

  /**
   * The {@code --timeout}, or the default.
   *
   * @throws IllegalArgumentException if it is not a positive duration
   */
  Duration timeout() {
    return timeout == null ? KappaHttpClient.DEFAULT_TIMEOUT : parse(timeout);
  }

  static Duration parse(String text) {
    return Durations.positive("--timeout", text);
  }
}
