package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.server.internal.query.AdHocQuery;
import dev.kappa.server.internal.query.QueryException;
import dev.kappa.server.internal.query.QueryParser;
import dev.kappa.server.internal.query.QueryResult;
import dev.kappa.server.internal.query.QueryRunner;
import dev.kappa.server.internal.query.RunningQueries;
import dev.kappa.server.internal.query.RunningQuery;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;

/**
 * The on-demand query endpoints: run one ({@code POST /queries}), list the running ones, cancel
 * one. A query runs on the request's own (virtual) thread; the id is answered in the {@value
 * #QUERY_ID} header, success or not. Thread-safe.
 */
public final class QueryHandlers {

  /** The header that carries a query's id, both ways. */
  public static final String QUERY_ID = "Kappa-Query-Id";

  private final QueryParser parser;
  private final QueryRunner runner;
  private final RunningQueries running;
  private final JsonBodies bodies;
  private final JsonCodec json;
  private final QueryJson queryJson;

  public QueryHandlers(
      QueryParser parser,
      QueryRunner runner,
      RunningQueries running,
      JsonBodies bodies,
      JsonCodec json) {
    this.parser = parser;
    this.runner = runner;
    this.running = running;
    this.bodies = bodies;
    this.json = json;
    this.queryJson = new QueryJson(json);
  }

  void run(Context ctx) {
    AdHocQuery query;
    try {
      query = parser.parse(bodies.required(ctx));
    } catch (QueryException e) {
      throw api(e);
    }
    RunningQuery handle;
    try {
      handle = running.start(ctx.header(QUERY_ID), query.stream());
    } catch (QueryException e) {
      throw api(e);
    }
    ctx.header(QUERY_ID, handle.id());
    QueryResult result;
    try {
      result = runner.run(query, handle);
    } catch (QueryException e) {
      throw api(e);
    } finally {
      running.finish(handle);
    }
    String accept = ctx.header("Accept");
    if (accept != null && MediaTypes.essence(accept).equals(MediaTypes.NDJSON)) {
      ndjson(ctx, result);
    } else {
      Responses.json(ctx, 200, json, queryJson.answer(result));
    }
  }

  private void ndjson(Context ctx, QueryResult result) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (QueryResult.Row row : result.results()) {
      body.writeBytes(json.write(queryJson.row(row)));
      body.write('\n');
    }
    ObjectNode last = json.object();
    last.set("summary", queryJson.summary(result));
    body.writeBytes(json.write(last));
    body.write('\n');
    ctx.status(200).contentType(MediaTypes.NDJSON).result(body.toByteArray());
  }

  void list(Context ctx) {
    ObjectNode body = json.object();
    ArrayNode queries = body.putArray("queries");
    for (RunningQuery q : running.list()) {
      queries.add(queryJson.running(q));
    }
    Responses.json(ctx, 200, json, body);
  }

  void cancel(Context ctx) {
    String id = ctx.pathParam("id");
    RunningQuery query =
        running
            .cancel(id, "cancelled by DELETE /queries/" + id)
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.UNKNOWN_QUERY,
                        "no on-demand query with id '"
                            + id
                            + "' is running; GET /queries lists"
                            + " the running ones"));
    ObjectNode body = queryJson.running(query).put("cancelled", true);
    Responses.json(ctx, 202, json, body);
  }

  private ApiException api(QueryException e) {
    ErrorCode code =
        switch (e.reason()) {
          case INVALID -> ErrorCode.INVALID_QUERY;
          case TOO_MANY_EVENTS -> ErrorCode.QUERY_TOO_LARGE;
          case TOO_MANY_RESULTS -> ErrorCode.RESULT_TOO_LARGE;
          case TIMEOUT -> ErrorCode.QUERY_TIMEOUT;
          case CANCELLED -> ErrorCode.QUERY_CANCELLED;
          case TOO_MANY_QUERIES -> ErrorCode.TOO_MANY_QUERIES;
          case ID_IN_USE -> ErrorCode.QUERY_ID_IN_USE;
          case UNKNOWN_QUERY -> ErrorCode.UNKNOWN_QUERY;
        };
    return new ApiException(code, e.getMessage(), null, e);
  }
}
