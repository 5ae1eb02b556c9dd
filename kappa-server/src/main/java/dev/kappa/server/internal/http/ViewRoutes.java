package dev.kappa.server.internal.http;

import static dev.kappa.server.internal.http.ErrorCode.DEFINITION_CHANGED;
import static dev.kappa.server.internal.http.ErrorCode.DEPLOYMENT_IN_PROGRESS;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_CURSOR;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_KEY;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_POSITION;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_POSITION_TOKEN;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_RANGE;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_REQUEST;
import static dev.kappa.server.internal.http.ErrorCode.MALFORMED_JSON;
import static dev.kappa.server.internal.http.ErrorCode.NOTHING_TO_ROLL_BACK;
import static dev.kappa.server.internal.http.ErrorCode.NOT_CAUGHT_UP;
import static dev.kappa.server.internal.http.ErrorCode.POSITION_FROM_FUTURE;
import static dev.kappa.server.internal.http.ErrorCode.POSITION_TIMEOUT;
import static dev.kappa.server.internal.http.ErrorCode.POSITION_UNREACHABLE;
import static dev.kappa.server.internal.http.ErrorCode.QUERY_TIMEOUT;
import static dev.kappa.server.internal.http.ErrorCode.RESULT_TOO_LARGE;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_BUILD;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_KEY;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_STREAM;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_VERSION;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_VIEW;
import static dev.kappa.server.internal.http.ErrorCode.UNSUPPORTED_KEY_TYPE;
import static dev.kappa.server.internal.http.ErrorCode.UNSUPPORTED_MEDIA_TYPE;
import static dev.kappa.server.internal.http.ErrorCode.VERSION_SERVING;
import static dev.kappa.server.internal.http.ErrorCode.VIEW_NOT_STARTED;
import static dev.kappa.server.internal.http.MediaTypes.JSON;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes of the views API, in the order of the OpenAPI document; the server adds them to the
 * {@link ApiRoutes} table.
 */
public final class ViewRoutes {

  private static final String VERSION =
      "pin the query to this view version (its serving build, else its newest running one);"
          + " default: the serving build";
  private static final String BUILD = "pin the query to this build (a temporary one, say)";
  private static final String LIMIT =
      "the most entries to return, 1 to "
          + ViewHandlers.MAX_LIMIT
          + "; default "
          + ViewHandlers.DEFAULT_LIMIT;
  private static final String BUILD_JSON =
      "{\"id\",\"name\",\"version\",\"build\",\"role\",\"background\",\"state\",\"error\","
          + "\"processed\","
          + "\"eventsPerSecond\",\"lag\",\"progress\",\"etaSeconds\",\"origin\",\"sources\","
          + "\"keyType\",\"window\",\"partitions\":[{\"stream\",\"partition\",\"startOffset\","
          + "\"committedOffset\",\"endOffset\",\"lag\"}],\"watermark\",\"late\",\"errors\","
          + "\"status\",\"fingerprint\",\"autoCutover\",\"start\",\"end\",\"asOf\","
          + "\"deployedAt\",\"retiredAt\"}";
  private static final String FROM =
      "from: {\"beginning\":true} (default), {\"time\":T} (ISO-8601 or epoch ms: each partition"
          + " from its first record at or after T) or {\"offsets\":{\"stream\":[offset per"
          + " partition]}}";

  /** What starting a new build (deploy, replay) can answer besides the errors of every action. */
  private static final ErrorCode[] NEW_BUILD_ERRORS = {
    INVALID_REQUEST,
    INVALID_POSITION,
    UNKNOWN_VIEW,
    UNKNOWN_VERSION,
    DEPLOYMENT_IN_PROGRESS,
    DEFINITION_CHANGED
  };

  private ViewRoutes() {}

  /** {@code routes} followed by the views routes. */
  public static List<Route> append(List<Route> routes, ViewHandlers views, DeployHandlers deploy) {
    List<Route> all = new ArrayList<>(routes);
    all.addAll(table(views, deploy));
    return List.copyOf(all);
  }

  static List<Route> table(ViewHandlers views, DeployHandlers deploy) {
    String path = "/views/{view}";
    String version = path + "/versions/{viewVersion}";
    List<Route> routes = new ArrayList<>();
    routes.add(
        Route.get("/views", "listViews", views::list)
            .summary("Every build the server runs: role, state, error, progress, rate and lag")
            .description(
                "role is serving, candidate (catching up to take over), temporary (as of a past"
                    + " time) or retired; state is WAITING (a source stream does not exist yet),"
                    + " RUNNING, FINISHED, FAILED or STOPPED.")
            .ok(
                200,
                JSON,
                "{\"views\":[{\"id\",\"name\",\"version\",\"build\",\"role\",\"background\","
                    + "\"state\",\"error\","
                    + "\"processed\",\"eventsPerSecond\",\"lag\",\"progress\",\"etaSeconds\"}]}")
            .build());
    routes.add(
        Route.get(path, "getView", views::get)
            .summary("A view: its serving build, defined versions, and every build")
            .ok(
                200,
                JSON,
                "{\"name\",\"servingBuild\",\"servingVersion\",\"definedVersions\",\"builds\":["
                    + BUILD_JSON
                    + "]}")
            .errors(UNKNOWN_VIEW)
            .build());
    routes.add(
        Route.get(version, "getViewVersion", views::getVersion)
            .summary("The build a query pinned to this version reads, with its progress")
            .ok(200, JSON, BUILD_JSON)
            .errors(INVALID_REQUEST, UNKNOWN_VIEW, UNKNOWN_VERSION)
            .build());
    routes.add(
        Route.get(path + "/builds/{build}", "getViewBuild", views::getBuild)
            .summary("One build of a view")
            .ok(200, JSON, BUILD_JSON)
            .errors(INVALID_REQUEST, UNKNOWN_VIEW, UNKNOWN_BUILD)
            .build());
    routes.add(
        Route.get(path + "/history", "getViewHistory", views::history)
            .summary("The view's deployment record: who did what, when, from which build to which")
            .ok(
                200,
                JSON,
                "{\"view\",\"events\":[{\"action\",\"view\",\"build\",\"version\",\"fromBuild\","
                    + "\"fromVersion\",\"fingerprint\",\"start\",\"end\",\"asOf\","
                    + "\"autoCutover\",\"actor\",\"at\",\"reason\"}]}")
            .errors(UNKNOWN_VIEW)
            .build());
    routes.add(
        action(Route.post(path + "/deploy", "deployView", deploy::deploy))
            .summary("Deploys a version: a new build runs beside the serving one and takes over")
            .description(
                "Body (optional): {\"version\":N (default: the highest defined),"
                    + " \"from\":…, \"autoCutover\":true|false (default: the server's"
                    + " views.autoCutover)}. "
                    + FROM
                    + ". The build replays the log and, once it lags by at most"
                    + " views.cutoverMaxLag records and is nowhere behind the serving build, serves"
                    + " in one atomic switch; the old build retires. A view's first build serves"
                    + " at once.")
            .ok(202, JSON, BUILD_JSON)
            .errors(NEW_BUILD_ERRORS)
            .build());
    routes.add(
        action(Route.post(version + "/replay", "replayViewVersion", deploy::replay))
            .summary("Rebuilds a version from a point, as a new build that takes over when done")
            .description("Body (optional): {\"from\":…, \"autoCutover\":…}. " + FROM + ".")
            .ok(202, JSON, BUILD_JSON)
            .errors(NEW_BUILD_ERRORS)
            .build());
    routes.add(
        action(Route.post(version + "/as-of", "buildViewAsOf", deploy::asOf))
            .summary("Builds a version as of a past time, into a temporary build")
            .description(
                "Body: {\"time\":T}. The build replays each partition from the beginning up to"
                    + " its first record at or after T, then stops; it never serves. Query it"
                    + " with ?build=B, then drop it.")
            .ok(202, JSON, BUILD_JSON)
            .errors(INVALID_REQUEST, INVALID_POSITION, UNKNOWN_VIEW, UNKNOWN_VERSION)
            .build());
    routes.add(
        action(Route.post(path + "/promote", "promoteView", deploy::promote))
            .summary("Makes the candidate build serve now (manual cutover)")
            .description(
                "Body (optional): {\"version\":N, \"force\":false}. Without force, only a"
                    + " candidate that has caught up is promoted.")
            .ok(200, JSON, BUILD_JSON)
            .errors(INVALID_REQUEST, UNKNOWN_VIEW, UNKNOWN_BUILD, NOT_CAUGHT_UP, VIEW_NOT_STARTED)
            .build());
    routes.add(
        action(Route.post(path + "/rollback", "rollbackView", deploy::rollback))
            .summary("Serves the build that served before again; the serving one retires")
            .description(
                "Instant while the earlier build's state is kept (views.retiredGrace): it"
                    + " resumes from its last commit and serves at once.")
            .ok(200, JSON, BUILD_JSON)
            .errors(UNKNOWN_VIEW, UNKNOWN_VERSION, NOTHING_TO_ROLL_BACK)
            .build());
    routes.add(
        action(Route.post(version + "/retire", "retireViewVersion", deploy::retire))
            .summary("Stops the building build of a version; its state is kept for the grace")
            .ok(200, JSON, BUILD_JSON)
            .errors(INVALID_REQUEST, UNKNOWN_VIEW, UNKNOWN_BUILD, VERSION_SERVING)
            .build());
    routes.add(
        action(Route.delete(path + "/builds/{build}", "dropViewBuild", deploy::drop))
            .summary("Deletes a build's state now: a temporary build, or one no longer serving")
            .ok(200, JSON, BUILD_JSON)
            .errors(INVALID_REQUEST, UNKNOWN_VIEW, UNKNOWN_BUILD, VERSION_SERVING)
            .build());
    routes.add(
        Route.get(path + "/state", "queryViewState", views::state)
            .summary(
                "A view's committed results: a key's windows, a key range or prefix, the top N,"
                    + " or a scan; JSON or NDJSON; optionally after a position")
            .description(
                "One query shape per request: key (with fromTime/toTime: the windows starting in"
                    + " [fromTime, toTime)), from/to (keys in [from, to) in the view's key order),"
                    + " prefix (string keys), top (the N greatest numeric results, ties in key"
                    + " order), or none (every key). Results come by key, then window start;"
                    + " next is the cursor of the following page (null on the last). The answer"
                    + " comes from one build (version and build say which) and one commit:"
                    + " progress gives the committed offsets its results reflect and position the"
                    + " same as a token. With Accept: application/x-ndjson the results stream one"
                    + " per line, then a last line {\"progress\",\"position\",\"next\","
                    + "\"oneCommit\"}. With position=TOKEN (from an ingest reply or an earlier"
                    + " answer) the query first waits, up to wait, until the build has committed"
                    + " those offsets.")
            .query("key", "string", "the key whose windows to return")
            .query(
                "fromTime",
                "string",
                "with key: the earliest window start, epoch ms or ISO-8601 (inclusive)")
            .query("toTime", "string", "with key: the window start to stop before (exclusive)")
            .query("from", "string", "the first key of a range (inclusive); default: the first")
            .query("to", "string", "the key a range stops before (exclusive); default: the last")
            .query("prefix", "string", "the start of the string keys to return")
            .query(
                "top",
                "integer",
                "the number of greatest numeric results to return, 1 to " + StateQuery.MAX_TOP)
            .query("cursor", "string", "the next of the previous page, to resume after it")
            .query(
                "limit",
                "integer",
                "the most results to return: 1 to "
                    + StateQuery.MAX_JSON_LIMIT
                    + " as JSON, to "
                    + StateQuery.MAX_NDJSON_LIMIT
                    + " as NDJSON; default "
                    + StateQuery.DEFAULT_LIMIT)
            .query(
                "position",
                "string",
                "a position token: answer only once the build has committed its offsets")
            .query(
                "wait",
                "string",
                "how long to wait for position, ms or ISO-8601 (PT5S); default "
                    + PositionWait.DEFAULT_WAIT_MS
                    + ", at most "
                    + PositionWait.MAX_WAIT_MS)
            .query(
                "timeout",
                "string",
                "how long top may read before it answers 504 query_timeout, ms or ISO-8601;"
                    + " default "
                    + StateQuery.DEFAULT_TIMEOUT
                    + ", at most "
                    + StateQuery.MAX_TIMEOUT)
            .query("version", "integer", VERSION)
            .query("build", "integer", BUILD)
            .header("Accept", "application/x-ndjson to stream the results one per line")
            .ok(
                200,
                JSON,
                "{\"view\",\"version\",\"build\",\"keyType\",\"windowed\",\"results\":[{\"key\","
                    + "\"window\":{\"start\",\"end\"},\"closed\",\"value\"}],\"progress\","
                    + "\"position\",\"next\"}")
            .ok(
                200,
                MediaTypes.NDJSON,
                "one {\"key\",\"window\",\"closed\",\"value\"} per line, then"
                    + " {\"progress\",\"position\",\"next\",\"oneCommit\"}")
            .errors(
                INVALID_REQUEST,
                INVALID_KEY,
                UNSUPPORTED_KEY_TYPE,
                INVALID_RANGE,
                INVALID_CURSOR,
                INVALID_POSITION_TOKEN,
                POSITION_FROM_FUTURE,
                UNKNOWN_VIEW,
                UNKNOWN_VERSION,
                UNKNOWN_BUILD,
                UNKNOWN_KEY,
                UNKNOWN_STREAM,
                VIEW_NOT_STARTED,
                POSITION_UNREACHABLE,
                RESULT_TOO_LARGE,
                POSITION_TIMEOUT,
                QUERY_TIMEOUT)
            .build());
    routes.add(
        sideOutput(path + "/late", "viewLateRecords", views::late, "later than its lateness"));
    routes.add(
        sideOutput(path + "/errors", "viewErrorRecords", views::errors, "that its code threw on"));
    return List.copyOf(routes);
  }

  private static Route.Builder action(Route.Builder route) {
    return route
        .header(DeployHandlers.ACTOR, "who acts, as the deployment record keeps it")
        .body(false, "a JSON object, see the description", JSON)
        .errors(MALFORMED_JSON, UNSUPPORTED_MEDIA_TYPE);
  }

  private static Route sideOutput(
      String path, String id, io.javalin.http.Handler handler, String which) {
    return Route.get(path, id, handler)
        .summary("The records " + which + ", by source, partition and offset")
        .description("Each names the record in the log (stream, partition, offset) and why.")
        .query("limit", "integer", LIMIT)
        .query("version", "integer", VERSION)
        .query("build", "integer", BUILD)
        .ok(
            200,
            JSON,
            "{\"view\",\"version\",\"build\",\"kind\",\"total\",\"records\":[{\"stream\","
                + "\"partition\",\"offset\",\"eventTime\",\"reason\"}]}")
        .errors(INVALID_REQUEST, UNKNOWN_VIEW, UNKNOWN_VERSION, UNKNOWN_BUILD, VIEW_NOT_STARTED)
        .build();
  }
}
