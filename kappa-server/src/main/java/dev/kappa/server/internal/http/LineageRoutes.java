package dev.kappa.server.internal.http;

import static dev.kappa.server.internal.http.ErrorCode.INVALID_REQUEST;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_VIEW;
import static dev.kappa.server.internal.http.MediaTypes.JSON;
import static dev.kappa.server.internal.http.MediaTypes.NDJSON;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes of the lineage API, in the order of the OpenAPI document; the server appends them to
 * the route table.
 */
public final class LineageRoutes {

  private static final String VIEW = "describe only this view's builds; default: every view's";

  private LineageRoutes() {}

  /** {@code routes} followed by the lineage routes. */
  public static List<Route> append(List<Route> routes, LineageHandlers lineage) {
    List<Route> all = new ArrayList<>(routes);
    all.add(
        Route.get("/lineage", "getLineage", lineage::graph)
            .summary(
                "The lineage graph: which streams, offsets and schema versions each build read")
            .description(
                "Nodes are streams (id stream:<name>) and builds of view versions (id"
                    + " view:<name>@<version>#<build>) with the definition's fingerprint and"
                    + " origin. A reads edge goes from a stream to a build, with each partition's"
                    + " range [startOffset, endOffset) in the build's committed state (endOffset"
                    + " null if unknown: the build has not run since the server started) and the"
                    + " schema versions of the values in it. writes and derives edges (a view"
                    + " built on a view's output stream) appear once views write streams; today"
                    + " they read streams only.")
            .query("view", "string", VIEW)
            .ok(
                200,
                JSON,
                "{\"nodes\":[{\"id\",\"type\":\"stream\",\"name\",\"exists\",\"partitions\","
                    + "\"registeredSchemaVersions\"},{\"id\",\"type\":\"build\",\"view\","
                    + "\"version\",\"build\",\"role\",\"status\",\"state\",\"fingerprint\","
                    + "\"origin\",\"deployedAt\",\"retiredAt\"}],\"edges\":[{\"from\",\"to\","
                    + "\"type\":\"reads|writes|derives\",\"partitions\":[{\"partition\","
                    + "\"startOffset\",\"endOffset\"}],\"schemaVersions\","
                    + "\"schemaVersionsComplete\",\"via\"}]}")
            .errors(UNKNOWN_VIEW)
            .build());
    all.add(
        Route.get("/lineage/openlineage", "getOpenLineage", lineage::openLineage)
            .summary("The lineage as OpenLineage run events (spec 2-0-2), one JSON object a line")
            .description(
                "A view is a job, each build a run (runId: a name-based UUID of namespace, view"
                    + " and build), its source streams the inputs and views/<name> the output."
                    + " Per build: START at its deployment; COMPLETE at its retirement, or now for"
                    + " a temporary build that finished; FAIL now for a failed one; RUNNING now"
                    + " for a live one. Custom facets: kappa_build, kappa_definition,"
                    + " kappa_offsets.")
            .query("view", "string", VIEW)
            .query(
                "namespace",
                "string",
                "the namespace of jobs and datasets, an absolute URI; default kappa://<host>:<port>")
            .ok(
                200,
                NDJSON,
                "{\"eventType\",\"eventTime\",\"run\":{\"runId\",\"facets\"},\"job\":"
                    + "{\"namespace\",\"name\",\"facets\"},\"inputs\":[{\"namespace\",\"name\","
                    + "\"facets\":{\"schema\"},\"inputFacets\":{\"kappa_offsets\"}}],"
                    + "\"outputs\",\"producer\",\"schemaURL\"} per line")
            .errors(INVALID_REQUEST, UNKNOWN_VIEW)
            .build());
    return List.copyOf(all);
  }
}
