package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.StartPoint;
import dev.kappa.server.internal.views.ServedViews;
import dev.kappa.server.internal.views.ViewActions;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deployment actions over HTTP: deploy, replay, as-of, promote, rollback, retire and drop. Each
 * answers with the build it acted on; who acted is the {@value #ACTOR} header (or {@code
 * anonymous}) with the client's address, as the deployment record keeps it.
 *
 * <p>Bodies are optional JSON objects: {@code {"version":2,"from":{...},"autoCutover":true}} for
 * deploy, {@code {"from":{...}}} for replay, {@code {"time":"2026-12-01T00:00:00Z"}} for as-of,
 * {@code {"version":2,"force":false}} for promote. A start point {@code from} is {@code
 * {"beginning":true}}, {@code {"time":T}} (ISO-8601 or epoch milliseconds) or {@code
 * {"offsets":{"stream":[o0,o1,...]}}}.
 */
public final class DeployHandlers {

  /** The request header naming who acts. */
  public static final String ACTOR = "Kappa-Actor";

  private final ServedViews views;
  private final ViewActions actions;
  private final JsonBodies bodies;
  private final JsonCodec json;
  private final ViewHandlers read;

  public DeployHandlers(ServedViews views, JsonBodies bodies, JsonCodec json, ViewHandlers read) {
    this.views = views;
    this.actions = views.actions();
    this.bodies = bodies;
    this.json = json;
    this.read = read;
  }

  public void deploy(Context ctx) {
    String name = ctx.pathParam("view");
    JsonNode body = body(ctx);
    Integer version = body.has("version") ? intField(body, "version") : null;
    Build build = actions.deploy(name, version, from(body), autoCutover(body), actor(ctx));
    answer(ctx, 202, name, build);
  }

  public void replay(Context ctx) {
    String name = ctx.pathParam("view");
    int version = ViewHandlers.version(ctx.pathParam("viewVersion"), "viewVersion");
    JsonNode body = body(ctx);
    answer(
        ctx, 202, name, actions.replay(name, version, from(body), autoCutover(body), actor(ctx)));
  }

  public void asOf(Context ctx) {
    String name = ctx.pathParam("view");
    int version = ViewHandlers.version(ctx.pathParam("viewVersion"), "viewVersion");
    JsonNode body = body(ctx);
    if (!body.has("time")) {
      throw ApiException.invalidRequest("give the time to build the view as of: {\"time\":T}");
    }
    answer(ctx, 202, name, actions.asOf(name, version, time(body.get("time")), actor(ctx)));
  }

  public void promote(Context ctx) {
    String name = ctx.pathParam("view");
    JsonNode body = body(ctx);
    Integer version = body.has("version") ? intField(body, "version") : null;
    boolean force = body.path("force").asBoolean(false);
    answer(ctx, 200, name, actions.promote(name, version, force, actor(ctx)));
  }

  public void rollback(Context ctx) {
    String name = ctx.pathParam("view");
    answer(ctx, 200, name, actions.rollback(name, actor(ctx)));
  }

  public void retire(Context ctx) {
    String name = ctx.pathParam("view");
    int version = ViewHandlers.version(ctx.pathParam("viewVersion"), "viewVersion");
    answer(ctx, 200, name, actions.retire(name, version, actor(ctx)));
  }

  public void drop(Context ctx) {
    String name = ctx.pathParam("view");
    long build = ViewHandlers.buildId(ctx.pathParam("build"), "build");
    answer(ctx, 200, name, actions.drop(name, build, actor(ctx)));
  }

  private void answer(Context ctx, int status, String name, Build build) {
    Responses.json(ctx, status, json, read.buildJson(name, build));
  }

  private JsonNode body(Context ctx) {
    JsonNode body = bodies.optional(ctx);
    if (body == null) {
      return json.object();
    }
    if (!body.isObject()) {
      throw ApiException.invalidRequest("the body must be a JSON object");
    }
    return body;
  }

  private static String actor(Context ctx) {
    String named = ctx.header(ACTOR);
    String who = named == null || named.isBlank() ? "anonymous" : named.strip();
    if (who.length() > 200) {
      throw ApiException.invalidRequest("the " + ACTOR + " header is longer than 200 characters");
    }
    return who + " (" + ctx.ip() + ")";
  }

  private static Boolean autoCutover(JsonNode body) {
    JsonNode value = body.get("autoCutover");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw ApiException.invalidRequest("autoCutover must be true or false");
    }
    return value.asBoolean();
  }

  private static int intField(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
      throw ApiException.invalidRequest(field + " must be a whole number of 1 or more");
    }
    return value.asInt();
  }

  /** The start point of a body's {@code from}; from the beginning if absent. */
  static StartPoint from(JsonNode body) {
    JsonNode from = body.get("from");
    if (from == null || from.isNull()) {
      return StartPoint.BEGINNING;
    }
    if (!from.isObject() || from.size() != 1) {
      throw ApiException.invalidRequest(
          "from must be one of {\"beginning\":true}, {\"time\":T} or"
              + " {\"offsets\":{\"stream\":[offset per partition]}}");
    }
    if (from.has("beginning")) {
      return StartPoint.BEGINNING;
    }
    if (from.has("time")) {
      return new StartPoint.AtTime(time(from.get("time")));
    }
    if (from.has("offsets") && from.get("offsets").isObject()) {
      Map<String, List<Long>> offsets = new TreeMap<>();
      for (var field : from.get("offsets").properties()) {
        if (!field.getValue().isArray()) {
          throw ApiException.invalidRequest(
              "offsets of " + field.getKey() + " must be an array, one offset per partition");
        }
        List<Long> list = new ArrayList<>();
        for (JsonNode offset : field.getValue()) {
          if (!offset.isIntegralNumber() || offset.asLong() < 0) {
            throw ApiException.invalidRequest(
                "offsets of " + field.getKey() + " must be whole numbers of 0 or more");
          }
          list.add(offset.asLong());
        }
        offsets.put(field.getKey(), list);
      }
      return new StartPoint.AtOffsets(offsets);
    }
    throw ApiException.invalidRequest(
        "from must be one of {\"beginning\":true}, {\"time\":T} or {\"offsets\":{...}}");
  }

  static long time(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      return ReadQuery.time(value.asText(), "time");
    }
    throw ApiException.invalidRequest(
        "a time must be an ISO-8601 instant such as 2026-12-01T10:00:00Z or epoch milliseconds,"
            + " was "
            + value);
  }
}
