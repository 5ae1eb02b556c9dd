package dev.kappa.server.internal.http;

import dev.kappa.log.StreamConfig;
import dev.kappa.server.internal.ingest.Ingestor;
import dev.kappa.server.internal.openapi.ApiOperation;
import dev.kappa.server.internal.openapi.ApiOperation.ErrorResponse;
import dev.kappa.server.internal.openapi.ApiOperation.Parameter;
import dev.kappa.server.internal.openapi.ApiOperation.RequestBody;
import dev.kappa.server.internal.openapi.ApiOperation.Response;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One endpoint: its documentation and its handler. The server registers exactly the routes of the
 * route table and the OpenAPI document describes exactly them.
 *
 * @param operation what the OpenAPI document says about it; its method and path are the ones
 *     registered
 * @param handler what serves it
 */
public record Route(ApiOperation operation, Handler handler) {

  public Route {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(handler, "handler");
  }

  public static Builder get(String path, String operationId, Handler handler) {
    return new Builder("GET", path, operationId, handler);
  }

  public static Builder post(String path, String operationId, Handler handler) {
    return new Builder("POST", path, operationId, handler);
  }

  public static Builder delete(String path, String operationId, Handler handler) {
    return new Builder("DELETE", path, operationId, handler);
  }

  public static Builder put(String path, String operationId, Handler handler) {
    return new Builder("PUT", path, operationId, handler);
  }

  /** Describes a route step by step; every route also documents the errors all routes share. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final String operationId;
    private final Handler handler;
    private String summary = "";
    private String description = "";
    private final List<Parameter> parameters = new ArrayList<>();
    private RequestBody requestBody;
    private final List<Response> responses = new ArrayList<>();
    private final Set<ErrorCode> errors = new LinkedHashSet<>();

    private Builder(String method, String path, String operationId, Handler handler) {
      this.method = method;
      this.path = path;
      this.operationId = operationId;
      this.handler = handler;
      for (String segment : path.split("/")) {
        if (segment.startsWith("{") && segment.endsWith("}")) {
          String name = segment.substring(1, segment.length() - 1);
          parameters.add(new Parameter(name, "path", true, "string", pathParameterText(name)));
        }
      }
      errors.add(ErrorCode.PAYLOAD_TOO_LARGE);
      errors.add(ErrorCode.INTERNAL);
    }

    private static String pathParameterText(String name) {
      return switch (name) {
        case "stream" ->
            "the stream name: 1 to "
                + StreamConfig.MAX_NAME_LENGTH
                + " of [A-Za-z0-9._-], not starting with '.'; a new stream's at most "
                + StreamNames.MAX_NEW_NAME_LENGTH
                + "; names starting with '"
                + StreamNames.RESERVED_PREFIX
                + "' or ending in '"
                + Ingestor.DEAD_LETTER_SUFFIX
                + "' are Kappa's own, which clients may read but not write";
        case "version" -> "a schema version number, or 'latest'";
        case "view" -> "the view name";
        case "viewVersion" -> "a version of the view";
        case "build" -> "a build of the view, numbered from 1";
        default -> name;
      };
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder query(String name, String type, String text) {
      parameters.add(new Parameter(name, "query", false, type, text));
      return this;
    }

    public Builder header(String name, String text) {
      parameters.add(new Parameter(name, "header", false, "string", text));
      return this;
    }

    public Builder body(boolean required, String text, String... contentTypes) {
      this.requestBody = new RequestBody(List.of(contentTypes), required, text);
      return this;
    }

    public Builder ok(int status, String contentType, String text) {
      responses.add(new Response(status, contentType, text));
      return this;
    }

    public Builder errors(ErrorCode... codes) {
      errors.addAll(List.of(codes));
      return this;
    }

    public Route build() {
      List<ErrorResponse> documented =
          errors.stream()
              .map(e -> new ErrorResponse(e.status(), e.code(), e.description()))
              .toList();
      ApiOperation op =
          new ApiOperation(
              method,
              path,
              operationId,
              summary,
              description,
              parameters,
              requestBody,
              responses,
              documented);
      return new Route(op, handler);
    }
  }
}
