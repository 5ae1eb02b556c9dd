package dev.kappa.server.internal.http;

import static dev.kappa.server.internal.http.ErrorCode.INVALID_KEY;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_REQUEST;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_VIEW;
import static dev.kappa.server.internal.http.ErrorCode.UNSUPPORTED_KEY_TYPE;
import static dev.kappa.server.internal.http.ErrorCode.VIEW_NOT_STARTED;
import static dev.kappa.server.internal.http.MediaTypes.JSON;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes of the views API, in the order of the OpenAPI document; the server adds them to the
 * {@link ApiRoutes} table.
 */
public final class ViewRoutes {

  private static final String VERSION = "the view version to query: a number or 'latest' (default)";
  private static final String LIMIT =
      "the most entries to return, 1 to "
          + ViewHandlers.MAX_LIMIT
          + "; default "
          + ViewHandlers.DEFAULT_LIMIT;

  private ViewRoutes() {}

  /** {@code routes} followed by the views routes. */
  public static List<Route> append(List<Route> routes, ViewHandlers views) {
    List<Route> all = new ArrayList<>(routes);
    all.addAll(table(views));
    return List.copyOf(all);
  }

  static List<Route> table(ViewHandlers views) {
    String path = "/views/{view}";
    return List.of(
        Route.get("/views", "listViews", views::list)
            .summary("Every view the server runs: state, error, records processed, rate and lag")
            .description(
                "state is WAITING (a source stream does not exist yet), RUNNING, FAILED or"
                    + " STOPPED; error says why it waits or failed.")
            .ok(
                200,
                JSON,
                "{\"views\":[{\"id\",\"name\",\"version\",\"state\",\"error\",\"processed\","
                    + "\"eventsPerSecond\",\"lag\"}]}")
            .build(),
        Route.get(path, "getView", views::get)
            .summary("Every version of a view, each with its committed offsets and lag")
            .ok(200, JSON, "{\"name\",\"latestVersion\",\"versions\":[…]}")
            .errors(UNKNOWN_VIEW)
            .build(),
        Route.get(path + "/versions/{viewVersion}", "getViewVersion", views::getVersion)
            .summary("One version of a view with its committed offset and lag per partition")
            .ok(
                200,
                JSON,
                "{\"id\",\"name\",\"version\",\"state\",\"error\",\"processed\","
                    + "\"eventsPerSecond\",\"lag\",\"origin\",\"sources\",\"keyType\",\"window\","
                    + "\"partitions\":[{\"stream\",\"partition\",\"committedOffset\",\"durableEnd\","
                    + "\"lag\"}],\"watermark\",\"late\",\"errors\"}")
            .errors(INVALID_REQUEST, UNKNOWN_VIEW)
            .build(),
        Route.get(path + "/state", "queryViewState", views::state)
            .summary("A view's committed results: one key's, or a scan of every key's")
            .description(
                "With key, the results of that key: for windowed views one per window, by start,"
                    + " with the window's start and end and whether it has closed. The key is"
                    + " parsed as the view's key type (string, long or int). Without key, up to"
                    + " limit results by key, then window start. progress gives the committed"
                    + " offsets the results reflect.")
            .query("key", "string", "the key whose results to return")
            .query("limit", "integer", LIMIT)
            .query("version", "string", VERSION)
            .ok(
                200,
                JSON,
                "{\"view\",\"version\",\"keyType\",\"windowed\",\"results\":[{\"key\","
                    + "\"window\":{\"start\",\"end\"},\"closed\",\"value\"}],\"progress\"}")
            .errors(
                INVALID_REQUEST, INVALID_KEY, UNSUPPORTED_KEY_TYPE, UNKNOWN_VIEW, VIEW_NOT_STARTED)
            .build(),
        sideOutput(path + "/late", "viewLateRecords", views::late, "later than its lateness"),
        sideOutput(path + "/errors", "viewErrorRecords", views::errors, "that its code threw on"));
  }

  private static Route sideOutput(
      String path, String id, io.javalin.http.Handler handler, String which) {
    return Route.get(path, id, handler)
        .summary("The records " + which + ", by source, partition and offset")
        .description("Each names the record in the log (stream, partition, offset) and why.")
        .query("limit", "integer", LIMIT)
        .query("version", "string", VERSION)
        .ok(
            200,
            JSON,
            "{\"view\",\"version\",\"kind\",\"total\",\"records\":[{\"stream\",\"partition\","
                + "\"offset\",\"eventTime\",\"reason\"}]}")
        .errors(INVALID_REQUEST, UNKNOWN_VIEW, VIEW_NOT_STARTED)
        .build();
  }
}
