package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.SideOutput;
import dev.kappa.engine.ViewState;
import dev.kappa.engine.WindowResult;
import dev.kappa.server.internal.views.KeyType;
import dev.kappa.server.internal.views.ServedView;
import dev.kappa.server.internal.views.ServedViews;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /views}, {@code /views/{view}}, {@code /views/{view}/versions/{viewVersion}}, {@code
 * /views/{view}/state}, {@code /views/{view}/late} and {@code /views/{view}/errors}. Queries of one
 * view go to its highest version unless {@code ?version=N} names another. Every request first
 * starts the waiting views whose streams have appeared ({@link ServedViews#refresh}).
 */
public final class ViewHandlers {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  private final ServedViews views;
  private final JsonCodec json;
  private final ViewJson viewJson;

  public ViewHandlers(ServedViews views, JsonCodec json) {
    this.views = views;
    this.json = json;
    this.viewJson = new ViewJson(json);
  }

  public void list(Context ctx) {
    views.refresh();
    ObjectNode body = json.object();
    ArrayNode list = body.putArray("views");
    views.all().forEach(v -> list.add(viewJson.summary(v)));
    Responses.json(ctx, 200, json, body);
  }

  public void get(Context ctx) {
    views.refresh();
    List<ServedView> versions = versions(ctx.pathParam("view"));
    ObjectNode body = json.object();
    body.put("name", versions.getFirst().view().name());
    body.put("latestVersion", versions.getLast().view().version());
    ArrayNode list = body.putArray("versions");
    versions.forEach(v -> list.add(viewJson.detail(v)));
    Responses.json(ctx, 200, json, body);
  }

  public void getVersion(Context ctx) {
    views.refresh();
    ServedView view = version(ctx.pathParam("view"), ctx.pathParam("viewVersion"), "viewVersion");
    Responses.json(ctx, 200, json, viewJson.detail(view));
  }

  /** One key's results ({@code ?key=}), or a scan of every key's ({@code ?limit=}). */
  public void state(Context ctx) {
    ServedView view = queried(ctx);
    int limit = limit(ctx);
    String keyText = ctx.queryParam("key");
    Object key = keyText == null ? null : key(view, keyText);
    RunningView<?, ?> running = running(view);
    List<? extends WindowResult<?, ?>> results =
        key == null ? running.state().scan(limit) : windows(running, key, limit);
    boolean windowed = ViewJson.windowed(view.view());
    ObjectNode body = json.object();
    body.put("view", view.view().name());
    body.put("version", view.view().version());
    body.put("keyType", view.keyType().label());
    body.put("windowed", windowed);
    if (keyText != null) {
      body.put("key", keyText);
    }
    body.set("results", viewJson.results(results, windowed));
    body.set("progress", viewJson.progress(running.state().progress()));
    Responses.json(ctx, 200, json, body);
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
    List<SideOutput> records = state.sideOutput(kind, limit);
    ObjectNode body = json.object();
    body.put("view", view.view().name());
    body.put("version", view.view().version());
    body.put("kind", kind.name().toLowerCase(Locale.ROOT));
    body.put(
        "total",
        kind == SideOutput.Kind.LATE ? state.progress().late() : state.progress().errors());
    ArrayNode list = body.putArray("records");
    records.forEach(r -> list.add(viewJson.sideOutput(r)));
    Responses.json(ctx, 200, json, body);
  }

  /** The key {@code text} stands for in {@code view}'s key type. */
  private static Object key(ServedView view, String text) {
    KeyType type = view.keyType();
    if (type == KeyType.UNKNOWN) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED_KEY_TYPE,
          "view "
              + view.view().id()
              + " has keys the server cannot parse from text (key serde "
              + view.view().keySerde().getClass().getName()
              + "; string, long and int keys are supported); scan with ?limit=N instead");
    }
    try {
      return type.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ErrorCode.INVALID_KEY,
          e.getMessage() + ": view " + view.view().id() + " has " + type.label() + " keys");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<? extends WindowResult<?, ?>> windows(
      RunningView<?, ?> running, Object key, int limit) {
    List<? extends WindowResult<?, ?>> all = ((ViewState) running.state()).windows(key);
    return all.size() <= limit ? all : all.subList(0, limit);
  }

  private ServedView queried(Context ctx) {
    views.refresh();
    String version = ctx.queryParam("version");
    String name = ctx.pathParam("view");
    return version == null ? versions(name).getLast() : version(name, version, "version");
  }

  private static RunningView<?, ?> running(ServedView view) {
    return view.running()
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.VIEW_NOT_STARTED,
                    "view " + view.view().id() + " has no state yet: " + view.report().error()));
  }

  private List<ServedView> versions(String name) {
    List<ServedView> versions = views.versions(name);
    if (versions.isEmpty()) {
      throw new ApiException(
          ErrorCode.UNKNOWN_VIEW, "no view is named '" + name + "'; GET /views lists them");
    }
    return versions;
  }

  private ServedView version(String name, String text, String parameter) {
    List<ServedView> versions = versions(name);
    if (text.strip().equals("latest")) {
      return versions.getLast();
    }
    int version;
    try {
      version = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalidRequest(
          parameter + " must be a view version number or 'latest', was '" + text + "'");
    }
    return versions.stream()
        .filter(v -> v.view().version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.UNKNOWN_VIEW,
                    "view '"
                        + name
                        + "' has no version "
                        + version
                        + "; its versions: "
                        + String.join(
                            ", ", versions.stream().map(v -> "" + v.view().version()).toList())));
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
