package dev.kappa.server.internal.openapi;

import java.util.List;
import java.util.Objects;

/**
 * What one endpoint does, as the OpenAPI document states it: the single description from which both
 * the document and the server's route registration are made, so the two cannot drift.
 *
 * @param method the HTTP method, upper case
 * @param path the path, with parameters in braces ({@code /streams/{stream}})
 * @param operationId a unique, stable name for client generators
 * @param summary one line
 * @param description more, or empty
 * @param parameters path, query and header parameters
 * @param requestBody the body it accepts, or null for none
 * @param responses the successful responses
 * @param errors the errors it may answer with
 */
public record ApiOperation(
    String method,
    String path,
    String operationId,
    String summary,
    String description,
    List<Parameter> parameters,
    RequestBody requestBody,
    List<Response> responses,
    List<ErrorResponse> errors) {

  public ApiOperation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    parameters = List.copyOf(parameters);
    responses = List.copyOf(responses);
    errors = List.copyOf(errors);
    if (responses.isEmpty()) {
      throw new IllegalArgumentException(method + " " + path + " documents no response");
    }
  }

  /**
   * A parameter.
   *
   * @param name its name
   * @param in {@code path}, {@code query} or {@code header}
   * @param required whether it must be given (path parameters always are)
   * @param type its JSON schema type: {@code string}, {@code integer} or {@code boolean}
   * @param description what it means
   */
  public record Parameter(
      String name, String in, boolean required, String type, String description) {}

  /**
   * A request body.
   *
   * @param contentTypes the media types accepted
   * @param required whether a body must be sent
   * @param description what it holds
   */
  public record RequestBody(List<String> contentTypes, boolean required, String description) {
    public RequestBody {
      contentTypes = List.copyOf(contentTypes);
    }
  }

  /**
   * A successful response.
   *
   * @param status the HTTP status
   * @param contentType its media type
   * @param description what it holds
   */
  public record Response(int status, String contentType, String description) {}

  /**
   * An error response; its body is always the shared error object.
   *
   * @param status the HTTP status
   * @param code the stable error code
   * @param description when it happens
   */
  public record ErrorResponse(int status, String code, String description) {}
}
