package dev.kappa.cli.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls one Kappa server over HTTP/1.1. Paths are relative to the server's base address, such as
 * {@code /streams/clicks}; stream names are sent as they are, so callers validate them first.
 *
 * <p>Failures to connect become a {@link ServerCallException} with status {@link
 * ServerCallException#NO_ANSWER} naming the address; error answers are returned as {@link
 * HttpReply}s for the caller to judge (usually with {@link HttpReply#orThrow()}).
 *
 * <p><b>Timeouts:</b> connecting, and each request until its answer's status line, may take at most
 * the client's {@code timeout}; a long poll that asks the server to wait gets that wait on top, so
 * a server that has stopped answering cannot hang the command.
 *
 * <p>Thread-safe: one client may carry many concurrent requests, each on its own connection.
 */
public final class KappaHttpClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  /** How long connecting and each answer may take unless {@code --timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final Duration timeout;
  private final HttpClient client;

  private KappaHttpClient(URI base, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, was " + timeout);
    }
    this.base = base;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /**
   * A client of the server at {@code address}: {@code http://host:port}, or {@code host:port} for
   * plain HTTP; a trailing slash is ignored.
   *
   * @param timeout the longest wait to connect and for each answer
   * @throws IllegalArgumentException if the address is not an http(s) URL with a host, or the
   *     timeout is not positive
   */
  public static KappaHttpClient connect(String address, Duration timeout) {
    return new KappaHttpClient(baseUri(address), timeout);
  }

  static URI baseUri(String address) {
    String text = address.strip();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--server: not a URL: '" + address + "'");
    }
    if (uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getQuery() != null) {
      throw new IllegalArgumentException(
          "--server must be a URL such as http://127.0.0.1:8080, was '" + address + "'");
    }
    return uri;
  }

  /** The server's base address. */
  public URI base() {
    return base;
  }

  public HttpReply get(String path) {
    return send(request(path).GET().build());
  }

  /**
   * A {@code GET} whose body is read as it arrives; the caller closes it.
   *
   * @throws ServerCallException if the server cannot be reached
   */
  public HttpStream getStream(String path) {
    try {
      HttpResponse<InputStream> response =
          client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      return new HttpStream(response.statusCode(), response.body());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
  }

  /**
   * {@link #getStream} without waiting, for long polls: the future completes once the answer's
   * status has arrived, which may take {@code serverWait} (the poll's {@code waitMs}) longer than
   * the timeout. It fails with a {@link ServerCallException} if the server cannot be reached or
   * does not answer in time; cancelling it abandons the request.
   */
  public CompletableFuture<HttpStream> getStreamAsync(String path, Duration serverWait) {
    HttpRequest request = request(path).timeout(timeout.plus(serverWait)).GET().build();
    CompletableFuture<HttpResponse<InputStream>> sent =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    CompletableFuture<HttpStream> answer =
        sent.handle(
            (response, e) -> {
              if (e != null) {
                throw unreachable(unwrap(e));
              }
              return new HttpStream(response.statusCode(), response.body());
            });
    // Cancelling a dependent future does not reach the one it depends on: pass it on.
    answer.whenComplete(
        (stream, e) -> {
          if (answer.isCancelled()) {
            sent.cancel(true);
          }
        });
    return answer;
  }

  public HttpReply put(String path, JsonNode body) {
    return send(
        request(path)
            .header("Content-Type", JSON_TYPE)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build());
  }

  /** A {@code POST} of {@code body} as JSON, with {@code headers}. */
  public HttpReply post(String path, JsonNode body, Map<String, String> headers) {
    return send(postRequest(path, bytes(body), JSON_TYPE, headers));
  }

  /** A {@code DELETE}, with {@code headers}. */
  public HttpReply delete(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path).DELETE();
    headers.forEach(builder::header);
    return send(builder.build());
  }

  public HttpReply post(String path, byte[] body, String contentType) {
    return send(postRequest(path, body, contentType, Map.of()));
  }

  /**
   * Posts without waiting. The future fails with a {@link ServerCallException} if the server cannot
   * be reached; error answers complete it normally.
   */
  public CompletableFuture<HttpReply> postAsync(
      String path, byte[] body, String contentType, Map<String, String> headers) {
    return client
        .sendAsync(
            postRequest(path, body, contentType, headers), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, e) -> {
              if (e != null) {
                throw unreachable(unwrap(e));
              }
              return new HttpReply(response.statusCode(), response.body());
            });
  }

  private HttpRequest postRequest(
      String path, byte[] body, String contentType, Map<String, String> headers) {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    return builder.build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Accept", JSON_TYPE);
  }

  private HttpReply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new HttpReply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
  }

  private ServerCallException interrupted(InterruptedException e) {
    return new ServerCallException(
        ServerCallException.NO_ANSWER, null, "interrupted while calling " + base, null, e);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private ServerCallException unreachable(Throwable e) {
    String message =
        switch (e) {
          case HttpConnectTimeoutException c ->
              "cannot reach the server at "
                  + base
                  + " (no connection within "
                  + seconds(timeout)
                  + "); is 'kappa server' running there?";
          case HttpTimeoutException t ->
              "the server at "
                  + base
                  + " did not answer within "
                  + seconds(timeout)
                  + "; if it is busy, allow it longer with --timeout";
          default ->
              "cannot reach the server at "
                  + base
                  + " ("
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.toString())
                  + "); is 'kappa server' running there?";
        };
    return new ServerCallException(ServerCallException.NO_ANSWER, null, message, null, e);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
