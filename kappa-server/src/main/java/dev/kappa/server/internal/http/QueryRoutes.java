package dev.kappa.server.internal.http;

import static dev.kappa.server.internal.http.ErrorCode.INVALID_QUERY;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_STREAM_NAME;
import static dev.kappa.server.internal.http.ErrorCode.JSON_LIMITS;
import static dev.kappa.server.internal.http.ErrorCode.MALFORMED_JSON;
import static dev.kappa.server.internal.http.ErrorCode.QUERY_CANCELLED;
import static dev.kappa.server.internal.http.ErrorCode.QUERY_ID_IN_USE;
import static dev.kappa.server.internal.http.ErrorCode.QUERY_TIMEOUT;
import static dev.kappa.server.internal.http.ErrorCode.QUERY_TOO_LARGE;
import static dev.kappa.server.internal.http.ErrorCode.RESULT_TOO_LARGE;
import static dev.kappa.server.internal.http.ErrorCode.TOO_MANY_QUERIES;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_QUERY;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_STREAM;
import static dev.kappa.server.internal.http.ErrorCode.UNSUPPORTED_MEDIA_TYPE;
import static dev.kappa.server.internal.http.MediaTypes.JSON;
import static dev.kappa.server.internal.http.MediaTypes.NDJSON;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes of on-demand queries, in the order of the OpenAPI document; the server appends them to
 * the route table.
 */
public final class QueryRoutes {

  private QueryRoutes() {}

  /** {@code routes} followed by the query routes. */
  public static List<Route> append(List<Route> routes, QueryHandlers queries) {
    List<Route> all = new ArrayList<>(routes);
    all.add(
        Route.post("/queries", "runQuery", queries::run)
            .summary("Runs an ad-hoc aggregation over a stream and an event-time range")
            .description(
                "A bounded replay through the view engine: the stream's events with event time in"
                    + " [from, to), read from the offsets the time index gives for from, up to the"
                    + " first record at or after to + readPast in each partition; grouped,"
                    + " windowed and aggregated with the operators of live views. The result is"
                    + " answered and discarded. Limits: maxEvents (records scanned), maxResults,"
                    + " timeout, each at most the server's queries.* caps. The query's id is"
                    + " answered in the Kappa-Query-Id header; DELETE /queries/{id} cancels it."
                    + " See docs/http-api.md, 'On-demand queries'.")
            .header(
                QueryHandlers.QUERY_ID,
                "the query's id, 1 to 128 of [A-Za-z0-9._:-]; default: a random UUID")
            .header("Accept", "application/x-ndjson for one result a line and a summary line")
            .body(
                true,
                "{\"stream\",\"from\",\"to\",\"groupBy\",\"window\":{\"tumbling\":\"PT5M\"}|"
                    + "{\"hopping\":{\"size\",\"advance\"}}|{\"session\":{\"gap\"}},\"aggregate\":"
                    + "{\"count\":{}}|{\"sum|avg|min|max|countDistinct|approxCountDistinct\":"
                    + "\"field\"}|{\"topN\":{\"field\",\"n\"}},\"where\":{\"field\",\"equals\"},"
                    + "\"readPast\",\"limits\":{\"maxEvents\",\"maxResults\",\"timeout\"}}",
                JSON)
            .ok(
                200,
                JSON,
                "{\"id\",\"stream\",\"from\",\"to\",\"results\":[{\"key\",\"window\":{\"start\","
                    + "\"end\"},\"value\"}],\"resultCount\",\"scanned\",\"matched\","
                    + "\"missingField\",\"undecodable\",\"elapsedMs\",\"positions\":"
                    + "{\"<partition>\":[startOffset,endOffset]}}")
            .ok(200, NDJSON, "{\"key\",\"window\",\"value\"} per line, then {\"summary\":{…}}")
            .errors(
                INVALID_QUERY,
                MALFORMED_JSON,
                JSON_LIMITS,
                UNSUPPORTED_MEDIA_TYPE,
                INVALID_STREAM_NAME,
                UNKNOWN_STREAM,
                QUERY_CANCELLED,
                QUERY_ID_IN_USE,
                QUERY_TOO_LARGE,
                RESULT_TOO_LARGE,
                TOO_MANY_QUERIES,
                QUERY_TIMEOUT)
            .build());
    all.add(
        Route.get("/queries", "listQueries", queries::list)
            .summary("The on-demand queries running now")
            .ok(200, JSON, "{\"queries\":[{\"id\",\"stream\",\"scanned\",\"elapsedMs\"}]}")
            .build());
    all.add(
        Route.delete("/queries/{id}", "cancelQuery", queries::cancel)
            .summary("Cancels a running on-demand query")
            .description(
                "The query stops after the batch it is reading; its own request is answered 409"
                    + " query_cancelled.")
            .ok(202, JSON, "{\"id\",\"stream\",\"scanned\",\"elapsedMs\",\"cancelled\":true}")
            .errors(UNKNOWN_QUERY)
            .build());
    return List.copyOf(all);
  }
}
