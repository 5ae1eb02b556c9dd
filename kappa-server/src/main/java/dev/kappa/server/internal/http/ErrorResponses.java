package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.engine.ViewStateClosedException;
import dev.kappa.log.LogException;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.IncompatibleSchemaException;
import dev.kappa.schema.SchemaException;
import dev.kappa.server.internal.deploy.DeployRefusedException;
import dev.kappa.server.internal.ingest.IdempotencyKeyReusedException;
import dev.kappa.server.internal.ingest.TooManyEventsException;
import dev.kappa.server.internal.metrics.ServerMetrics;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the one error shape, {@code {"error":{"code":…,"message":…}}}, with the
 * status of its {@link ErrorCode}. Errors of the log and the schema registry keep their own codes;
 * anything unexpected becomes {@code internal} (500) and is logged with its stack trace, and its
 * message is not sent to the client.
 *
 * <p>Thread-safe.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private final JsonCodec json;
  private final ServerMetrics metrics;

  public ErrorResponses(JsonCodec json, ServerMetrics metrics) {
    this.json = json;
    this.metrics = metrics;
  }

  /** The API error {@code failure} means; unexpected failures are logged here. */
  public ApiException classify(Throwable failure) {
    Throwable t = unwrap(failure);
    return switch (t) {
      case ApiException api -> api;
      case IncompatibleSchemaException e ->
          new ApiException(
              ErrorCode.INCOMPATIBLE_SCHEMA, e.getMessage(), incompatibilities(e.report()), e);
      case SchemaException e -> known(e.code(), e);
      case LogException e -> known(e.code(), e);
      case HttpResponseException e -> fromJavalin(e);
      case TooManyEventsException e -> tooManyEvents(e);
      case DeployRefusedException e -> new ApiException(deployCode(e), e.getMessage(), null, e);
      case ViewStateClosedException e ->
          new ApiException(
              ErrorCode.VIEW_NOT_STARTED,
              "the build this query read stopped serving while it read ("
                  + e.getMessage()
                  + "); ask again to read the serving build",
              null,
              e);
      case IdempotencyKeyReusedException e ->
          new ApiException(
              ErrorCode.IDEMPOTENCY_KEY_REUSED,
              e.getMessage(),
              json.object().put("idempotencyKey", e.idempotencyKey()),
              e);
      default -> unexpected(t);
    };
  }

  /** The status {@code failure} is answered with, without logging it. */
  public static int statusOf(Throwable failure) {
    Throwable t = unwrap(failure);
    return switch (t) {
      case ApiException api -> api.code().status();
      case SchemaException e -> ErrorCode.forCode(e.code()).map(ErrorCode::status).orElse(500);
      case LogException e -> ErrorCode.forCode(e.code()).map(ErrorCode::status).orElse(500);
      case HttpResponseException e -> e.getStatus();
      case TooManyEventsException e -> ErrorCode.TOO_MANY_EVENTS.status();
      case DeployRefusedException e -> deployCode(e).status();
      case ViewStateClosedException e -> ErrorCode.VIEW_NOT_STARTED.status();
      case IdempotencyKeyReusedException e -> ErrorCode.IDEMPOTENCY_KEY_REUSED.status();
      default -> 500;
    };
  }

  private static ErrorCode deployCode(DeployRefusedException e) {
    return switch (e.reason()) {
      case UNKNOWN_VIEW -> ErrorCode.UNKNOWN_VIEW;
      case UNKNOWN_VERSION -> ErrorCode.UNKNOWN_VERSION;
      case UNKNOWN_BUILD -> ErrorCode.UNKNOWN_BUILD;
      case INVALID_POSITION -> ErrorCode.INVALID_POSITION;
      case DEPLOYMENT_IN_PROGRESS -> ErrorCode.DEPLOYMENT_IN_PROGRESS;
      case VERSION_SERVING -> ErrorCode.VERSION_SERVING;
      case NOT_CAUGHT_UP -> ErrorCode.NOT_CAUGHT_UP;
      case NOTHING_TO_ROLL_BACK -> ErrorCode.NOTHING_TO_ROLL_BACK;
      case DEFINITION_CHANGED -> ErrorCode.DEFINITION_CHANGED;
      case BUILD_NOT_RUNNING -> ErrorCode.VIEW_NOT_STARTED;
    };
  }

  /** Answers the request with the error {@code failure} means. */
  public void render(Context ctx, Throwable failure) {
    ApiException error = classify(failure);
    ObjectNode body = json.object();
    ObjectNode fields = body.putObject("error");
    fields.put("code", error.code().code());
    fields.put("message", error.getMessage());
    fields.setAll(error.details());
    int status = error.code().status();
    if ((status == 413 && error.code() != ErrorCode.RESULT_TOO_LARGE) || status == 408) {
      // The rest of the body is not read: the connection cannot carry another request.
      ctx.header("Connection", "close");
    }
    metrics.httpError(error.code().code());
    ctx.status(status).contentType("application/json").result(json.write(body));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private ApiException known(String code, RuntimeException e) {
    return ErrorCode.forCode(code)
        .map(c -> new ApiException(c, e.getMessage(), null, e))
        .orElseGet(() -> unexpected(e));
  }

  /** The details of {@code incompatible_schema}: the rule that was broken and every reason. */
  private ObjectNode incompatibilities(CompatibilityReport report) {
    ObjectNode details = json.object();
    details.put("compatibility", report.compatibility().name());
    StreamJson.addIncompatibilities(
        details.putArray("incompatibilities"), report.incompatibilities());
    return details;
  }

  private ApiException tooManyEvents(TooManyEventsException e) {
    ObjectNode details = json.object().put("limit", "maxEventsPerRequest").put("max", e.max());
    return new ApiException(ErrorCode.TOO_MANY_EVENTS, e.getMessage(), details, e);
  }

  private static ApiException fromJavalin(HttpResponseException e) {
    ErrorCode code =
        switch (e.getStatus()) {
          case 400 -> ErrorCode.INVALID_REQUEST;
          case 404 -> ErrorCode.NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 408 -> ErrorCode.REQUEST_TIMEOUT;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          default -> null;
        };
    if (code == null) {
      return unexpected(e);
    }
    String message = e.getMessage();
    if (code == ErrorCode.METHOD_NOT_ALLOWED && e.getDetails().containsKey("availableMethods")) {
      message = "allowed methods: " + e.getDetails().get("availableMethods");
    }
    return new ApiException(code, message, null, e);
  }

  private static ApiException unexpected(Throwable t) {
    LOG.error("unexpected failure while serving a request", t);
    return new ApiException(
        ErrorCode.INTERNAL, "internal error (" + t.getClass().getSimpleName() + "); it is logged");
  }
}
