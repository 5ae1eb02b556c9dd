package dev.kappa.cli.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One answer of the server.
 *
 * @param status the HTTP status
 * @param body the body's bytes, never null
 */
public record HttpReply(int status, byte[] body) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUOTED_BODY_CHARS = 200;

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * The body as JSON.
   *
   * @throws ServerCallException if it is not JSON
   */
  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ServerCallException(
          status,
          null,
          "the server answered " + status + " with a body that is not JSON: " + quote(),
          null,
          e);
    }
  }

  /**
   * This reply if it is a success.
   *
   * @throws ServerCallException carrying the error's code and message otherwise
   */
  public HttpReply orThrow() {
    if (ok()) {
      return this;
    }
    throw toException();
  }

  /** The error this reply reports, as an exception. */
  public ServerCallException toException() {
    JsonNode error = null;
    try {
      error = JSON.readTree(body).path("error");
    } catch (IOException notJson) {
      // described below from the status and the raw body
    }
    if (error == null || !error.isObject() || !error.path("message").isTextual()) {
      return new ServerCallException(
          status, null, "the server answered " + status + ": " + quote(), null, null);
    }
    return new ServerCallException(
        status, error.path("code").asText(null), error.path("message").asText(), error, null);
  }

  private String quote() {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "(no body)";
    }
    return text.length() <= QUOTED_BODY_CHARS ? text : text.substring(0, QUOTED_BODY_CHARS) + "…";
  }
}
