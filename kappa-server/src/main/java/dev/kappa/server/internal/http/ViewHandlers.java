package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.engine.ResultPage;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.SideOutput;
import dev.kappa.engine.ViewProgress;
import dev.kappa.engine.ViewState;
import dev.kappa.log.Log;
import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.DeployRefusedException;
import dev.kappa.server.internal.deploy.DeploymentEvents;
import dev.kappa.server.internal.deploy.ViewDeployment;
import dev.kappa.server.internal.views.ServedView;
import dev.kappa.server.internal.views.ServedViews;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /views}, {@code /views/{view}}, {@code /views/{view}/versions/{viewVersion}}, {@code
 * /views/{view}/builds/{build}}, {@code /views/{view}/history}, {@code /views/{view}/state}, {@code
 * /views/{view}/late} and {@code /views/{view}/errors}. Queries of a view go to its serving build
 * unless {@code ?version=N} or {@code ?build=B} pins another. Every request first starts the
 * waiting builds whose streams have appeared ({@link ServedViews#refresh}).
 */
public final class ViewHandlers {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  private final ServedViews views;
  private final JsonCodec json;
  private final ViewJson viewJson;
  private final StateHandler stateHandler;

  public ViewHandlers(ServedViews views, Log log, JsonCodec json) {
    this.views = views;
    this.json = json;
    this.viewJson = new ViewJson(json);
    this.stateHandler = new StateHandler(new PositionWait(log), json);
  }

  public void list(Context ctx) {
    views.refresh();
    ObjectNode body = json.object();
    ArrayNode list = body.putArray("views");
    for (ServedView run : views.all()) {
      build(run).ifPresent(build -> list.add(viewJson.summary(run, build)));
    }
    Responses.json(ctx, 200, json, body);
  }

  /** A view: which build serves, its defined versions, and every build with its run. */
  public void get(Context ctx) {
    views.refresh();
    String name = ctx.pathParam("view");
    views.requireKnown(name);
    ViewDeployment deployment =
        views.deployment(name).orElse(new ViewDeployment(name, List.of(), 0, List.of()));
    ObjectNode body = json.object();
    body.put("name", name);
    Optional<Build> serving = deployment.servingBuild();
    body.put("servingBuild", serving.map(Build::id).orElse(0L));
    if (serving.isPresent()) {
      body.put("servingVersion", serving.get().version());
    } else {
      body.putNull("servingVersion");
    }
    ArrayNode defined = body.putArray("definedVersions");
    views.definitions(name).keySet().forEach(defined::add);
    ArrayNode builds = body.putArray("builds");
    for (Build build : deployment.builds()) {
      builds.add(buildJson(name, build));
    }
    Responses.json(ctx, 200, json, body);
  }

  /** The build of a version that a query pinned to it reads, in detail. */
  public void getVersion(Context ctx) {
    views.refresh();
    String name = ctx.pathParam("view");
    ServedView run = views.pinned(name, version(ctx.pathParam("viewVersion"), "viewVersion"));
    Responses.json(ctx, 200, json, buildJson(name, build(run).orElseThrow()));
  }

  public void getBuild(Context ctx) {
    String name = ctx.pathParam("view");
    views.requireKnown(name);
    long id = buildId(ctx.pathParam("build"), "build");
    Build build =
        views
            .deployment(name)
            .flatMap(d -> d.build(id))
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.UNKNOWN_BUILD, "view " + name + " has no build " + id));
    Responses.json(ctx, 200, json, buildJson(name, build));
  }

  /** The view's deployment record: every action, oldest first. */
  public void history(Context ctx) {
    String name = ctx.pathParam("view");
    ObjectNode body = json.object();
    body.put("view", name);
    ArrayNode events = body.putArray("events");
    views.history(name).forEach(e -> events.add(DeploymentEvents.toJson(e)));
    Responses.json(ctx, 200, json, body);
  }

  ObjectNode buildJson(String name, Build build) {
    ServedView run = views.run(name, build.id()).orElse(null);
    return viewJson.build(name, build, run, views.unavailable(name, build.id()).orElse(null));
  }

  private Optional<Build> build(ServedView run) {
    return views.deployment(run.view().name()).flatMap(d -> d.build(run.build()));
  }

  /**
   * A view's results: one key's windows, a key range or prefix, the top N, or a scan; as JSON or
   * NDJSON; after waiting for a position if one is given. See {@link StateQuery}.
   */
  public void state(Context ctx) {
    RequestReader request = RequestReader.of(ctx);
    StateRead read = stateRead(ctx.pathParam("view"), request);
    if (read.query().ndjson()) {
      stateHandler.stream(ctx, read.view(), read.running(), read.query(), read.first());
    } else {
      Responses.json(ctx, 200, json(read));
    }
  }

  /**
   * The JSON answer of a state query of view {@code name}, for {@link StateFastPath}; the same
   * bytes {@link #state} answers.
   *
   * @throws ApiException for everything {@link #state} answers with an error
   */
  byte[] stateJson(String name, RequestReader request) {
    return json(stateRead(name, request));
  }

  /**
   * As {@link #stateJson}, for a point lookup of the build serving {@code name} right now, taking
   * no lock: empty if no build serves it at hand (the routed path then starts waiting builds first,
   * which may block).
   *
   * @throws ApiException for everything {@link #state} answers with an error
   */
  Optional<byte[]> servingLookupJson(String name, RequestReader request) {
    return views.servingNow(name).map(view -> json(stateRead(view, request)));
  }

  private byte[] json(StateRead read) {
    return stateHandler.json(read.view(), read.query(), read.first());
  }

  /** A state query resolved to its build and parsed, and the first page of its answer. */
  private record StateRead(
      ServedView view, StateQuery query, RunningView<?, ?> running, ResultPage<?, ?> first) {}

  private StateRead stateRead(String name, RequestReader request) {
    return stateRead(cursorBuild(queried(name, request), request), request);
  }

  /** The read of {@code view}, the build a query was resolved to. */
  private StateRead stateRead(ServedView view, RequestReader request) {
    StateQuery query = stateQuery(view, request);
    RunningView<?, ?> running = running(view);
    return new StateRead(view, query, running, stateHandler.first(request, view, query, running));
  }

  /** The query, parsed for the build it reads, resuming at the cursor if one is given. */
  private static StateQuery stateQuery(ServedView view, RequestReader request) {
    StateQuery query = StateQuery.parse(request, view); // bad parameters first, as for the others
    String cursorText = request.queryParam("cursor");
    return cursorText == null ? query : query.withCursor(BuildCursor.parse(cursorText).cursor());
  }

  /** The build a page cursor was made by: the next page comes from it, even after a cutover. */
  private ServedView cursorBuild(ServedView view, RequestReader request) {
    String cursorText = request.queryParam("cursor");
    BuildCursor cursor = cursorText == null ? null : BuildCursor.parse(cursorText);
    if (cursor == null || cursor.build() == view.build()) {
      return view;
    }
    if (request.queryParam("version") != null || request.queryParam("build") != null) {
      throw invalidCursor(
          cursorText, cursor, "not of the build this query pins (" + view.build() + ")");
    }
    try {
      return views.pinnedBuild(view.view().name(), cursor.build());
    } catch (DeployRefusedException e) {
      throw invalidCursor(cursorText, cursor, "which no longer runs; start again without a cursor");
    }
  }

  private static ApiException invalidCursor(String text, BuildCursor cursor, String why) {
    return new ApiException(
        ErrorCode.INVALID_CURSOR,
        "cursor '" + text + "' is a page of build " + cursor.build() + ", " + why);
  }

  public void late(Context ctx) {
    sideOutput(ctx, SideOutput.Kind.LATE);
  }

  public void errors(Context ctx) {
    sideOutput(ctx, SideOutput.Kind.ERROR);
  }

  private void sideOutput(Context ctx, SideOutput.Kind kind) {
    ServedView view = queried(ctx);
    int limit = limit(ctx);
    ViewState<?, ?> state = running(view).state();
    ViewProgress progress;
    List<SideOutput> records;
    int tries = 0;
    do { // the records and their total from one commit; a view committing faster than a read
      // of its side output gets the last read's total, which may count a few records more
      progress = state.progress();
      records = state.sideOutput(kind, limit);
    } while (!progress.equals(state.progress()) && ++tries < 20);
    ObjectNode body = json.object();
    body.put("view", view.view().name());
    body.put("version", view.view().version());
    body.put("build", view.build());
    body.put("kind", kind.name().toLowerCase(Locale.ROOT));
    body.put("total", kind == SideOutput.Kind.LATE ? progress.late() : progress.errors());
    ArrayNode list = body.putArray("records");
    records.forEach(r -> list.add(viewJson.sideOutput(r)));
    Responses.json(ctx, 200, json, body);
  }

  /**
   * The run a query reads: the serving build, or the one {@code ?version=N} or {@code ?build=B}
   * pins. Resolved once, so the whole answer comes from one build.
   */
  private ServedView queried(Context ctx) {
    return queried(ctx.pathParam("view"), RequestReader.of(ctx));
  }

  private ServedView queried(String name, RequestReader request) {
    views.refresh();
    String version = request.queryParam("version");
    String build = request.queryParam("build");
    if (version != null && build != null) {
      throw ApiException.invalidRequest("give version or build, not both");
    }
    if (build != null) {
      return views.pinnedBuild(name, buildId(build, "build"));
    }
    if (version != null && !version.strip().equals("serving")) {
      return views.pinned(name, version(version, "version"));
    }
    return views.serving(name);
  }

  private static RunningView<?, ?> running(ServedView view) {
    return view.running()
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.VIEW_NOT_STARTED,
                    "view " + view.runId() + " has no state yet: " + view.report().error()));
  }

  static int version(String text, String parameter) {
    try {
      int version = Integer.parseInt(text.strip());
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalidRequest(
        parameter + " must be a view version number (1 or more), was '" + text + "'");
  }

  static long buildId(String text, String parameter) {
    try {
      long build = Long.parseLong(text.strip());
      if (build >= 1) {
        return build;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalidRequest(
        parameter + " must be a build number (1 or more), was '" + text + "'");
  }

  private static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalidRequest(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + text + "'");
  }
}
