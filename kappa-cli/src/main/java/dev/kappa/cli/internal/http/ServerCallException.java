package dev.kappa.cli.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A call to the server did not succeed: the server answered with an error, or could not be reached
 * at all. The message is the server's own {@code error.message} where there is one, so a command
 * fails with the same words whether it runs against a server or on the data directory.
 */
public final class ServerCallException extends RuntimeException {

  /** The {@link #status()} of a call that got no answer. */
  public static final int NO_ANSWER = 0;

  private final int status;
  private final String code;
  private final transient JsonNode error;

  /**
   * @param status the HTTP status, or {@link #NO_ANSWER}
   * @param code the API's error code, such as {@code unknown_stream}, or null if there was none
   * @param error the whole {@code error} object of the answer, or null
   */
  public ServerCallException(
      int status, String code, String message, JsonNode error, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.error = error == null ? JsonNodeFactory.instance.objectNode() : error;
  }

  public int status() {
    return status;
  }

  /** The API's error code, or null. */
  public String code() {
    return code;
  }

  /** The answer's {@code error} object, with its details; empty if there was none. */
  public JsonNode error() {
    return error;
  }
}
