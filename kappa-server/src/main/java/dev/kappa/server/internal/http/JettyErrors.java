package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.server.internal.metrics.ServerMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers, for requests refused before they reach the application (a URI that
 * escapes the root or holds a NUL, malformed HTTP, headers too large), in the API's error shape
 * instead of Jetty's HTML page. The status stays Jetty's; the code is the API's code for that
 * status, {@code invalid_request} for other 4xx and {@code internal} for other 5xx.
 *
 * <p>Thread-safe.
 */
public final class JettyErrors extends ErrorHandler {

  private final JsonCodec json;
  private final ServerMetrics metrics;

  public JettyErrors(JsonCodec json, ServerMetrics metrics) {
    this.json = json;
    this.metrics = metrics;
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    return true;
  }

  private byte[] body(int status, String message) {
    ErrorCode code = codeFor(status);
    metrics.httpError(code.code());
    ObjectNode body = json.object();
    body.putObject("error")
        .put("code", code.code())
        .put("message", message == null || message.isBlank() ? "HTTP " + status : message);
    return json.write(body);
  }

  static ErrorCode codeFor(int status) {
    return switch (status) {
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 408 -> ErrorCode.REQUEST_TIMEOUT;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 414 -> ErrorCode.URI_TOO_LONG;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 431 -> ErrorCode.HEADERS_TOO_LARGE;
      default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
    };
  }
}
