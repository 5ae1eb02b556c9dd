package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A failure the API answers with its {@link ErrorCode}'s status and the body {@code
 * {"error":{"code":…,"message":…, …details}}}. Thrown by handlers; rendered by {@link
 * ErrorResponses}.
 */
public final class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final transient ObjectNode details;

  /**
   * @param details extra fields of the {@code error} object (such as {@code incompatibilities}),
   *     copied
   */
  public ApiException(ErrorCode code, String message, ObjectNode details, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.details = details == null ? JsonNodeFactory.instance.objectNode() : details.deepCopy();
  }

  public ApiException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public ErrorCode code() {
    return code;
  }

  /** Extra fields of the error object; a copy. */
  public ObjectNode details() {
    return details.deepCopy();
  }

  public static ApiException invalidRequest(String message) {
    return new ApiException(ErrorCode.INVALID_REQUEST, message);
  }
}
