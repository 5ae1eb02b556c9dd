package dev.kappa.cli.internal;

import dev.kappa.cli.internal.http.KappaHttpClient;
import picocli.CommandLine.Option;

/**
 * The {@code --server URL} option of commands that work either on the data directory or through a
 * running server's HTTP API.
 */
final class ServerOption {

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Work through the HTTP API of the server at URL (such as http://127.0.0.1:8080)"
              + " instead of opening --data directly.")
  String url;

  boolean given() {
    return url != null;
  }

  /**
   * A client of the server.
   *
   * @throws IllegalArgumentException if the URL is malformed
   */
  KappaHttpClient connect() {
    return KappaHttpClient.connect(url);
  }
}
