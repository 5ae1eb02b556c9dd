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
 * <p>Thread-safe: one client may carry many concurrent requests, each on its own connection.
 */
public final class KappaHttpClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final String JSON_TYPE = "application/json";

  private final URI base;
  private final HttpClient client;

  private KappaHttpClient(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /**
   * A client of the server at {@code address}: {@code http://host:port}, or {@code host:port} for
   * plain HTTP; a trailing slash is ignored.
   *
   * @throws IllegalArgumentException if the address is not an http(s) URL with a host
   */
  public static KappaHttpClient connect(String address) {
    return new KappaHttpClient(baseUri(address));
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
   * {@link #getStream} without waiting: the future completes once the answer's status has arrived,
   * for long polls. It fails with a {@link ServerCallException} if the server cannot be reached;
   * cancelling it abandons the request.
   */
  public CompletableFuture<HttpStream> getStreamAsync(String path) {
    CompletableFuture<HttpResponse<InputStream>> sent =
        client.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
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
    return HttpRequest.newBuilder(URI.create(base + path)).header("Accept", JSON_TYPE);
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
    String why =
        e instanceof HttpConnectTimeoutException
            ? "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s"
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.toString();
    return new ServerCallException(
        ServerCallException.NO_ANSWER,
        null,
        "cannot reach the server at " + base + " (" + why + "); is 'kappa server' running there?",
        null,
        e);
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
