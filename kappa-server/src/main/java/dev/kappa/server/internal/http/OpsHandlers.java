package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.Log;
import dev.kappa.log.LogFailedException;
import dev.kappa.server.internal.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /health}, {@code GET /metrics} and {@code GET /openapi.json}. */
public final class OpsHandlers {

  private final Log log;
  private final ServerMetrics metrics;
  private final JsonCodec json;
  private final Clock clock;
  private final Instant startedAt;
  private final Supplier<byte[]> openApi;

  /**
   * @param openApi the OpenAPI document's bytes; asked for on each request
   */
  public OpsHandlers(
      Log log, ServerMetrics metrics, JsonCodec json, Clock clock, Supplier<byte[]> openApi) {
    this.log = log;
    this.metrics = metrics;
    this.json = json;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.openApi = openApi;
  }

  /**
   * 200 {@code {"status":"UP","streams":n,"startedAt":…,"uptimeMs":…}} while the log accepts
   * writes; 503 with {@code "status":"DOWN"}, the {@code reason} and the error object of {@code
   * log_failed} once it has stopped (fail-stop), so a load balancer or orchestrator takes the
   * server out and an operator restarts it.
   */
  public void health(Context ctx) {
    Optional<LogFailedException> failure = log.failure();
    ObjectNode body = json.object();
    body.put("status", failure.isPresent() ? "DOWN" : "UP");
    failure.ifPresent(
        f -> {
          body.put("reason", f.getMessage());
          body.putObject("error").put("code", f.code()).put("message", f.getMessage());
        });
    body.put("streams", log.listStreams().size());
    body.put("startedAt", startedAt.toString());
    body.put("uptimeMs", Math.max(0, clock.millis() - startedAt.toEpochMilli()));
    Responses.json(ctx, failure.isPresent() ? 503 : 200, json, body);
  }

  public void metrics(Context ctx) {
    ctx.status(200).contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape());
  }

  public void openApi(Context ctx) {
    ctx.status(200).contentType(MediaTypes.JSON).result(openApi.get());
  }
}
