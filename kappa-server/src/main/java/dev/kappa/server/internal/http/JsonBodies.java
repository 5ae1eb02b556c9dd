package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;

/**
 * Reads JSON request bodies of the management endpoints: {@code application/json} (or any {@code
 * +json} type); a body sent without a {@code Content-Type} is read as JSON too.
 */
public final class JsonBodies {

  private final RequestBodies requestBodies;
  private final JsonCodec json;

  public JsonBodies(RequestBodies requestBodies, JsonCodec json) {
    this.requestBodies = requestBodies;
    this.json = json;
  }

  /**
   * The body's JSON value.
   *
   * @throws ApiException {@code unsupported_media_type}, {@code payload_too_large}, {@code
   *     malformed_json} (also for an empty body) or {@code json_limits}
   */
  public JsonNode required(Context ctx) {
    checkType(ctx);
    return json.parse(requestBodies.read(ctx));
  }

  /** Like {@link #required} but an empty body gives null. */
  public JsonNode optional(Context ctx) {
    checkType(ctx);
    byte[] body = requestBodies.read(ctx);
    return isBlank(body) ? null : json.parse(body);
  }

  private static void checkType(Context ctx) {
    String type = ctx.header("Content-Type");
    if (type != null && !type.isBlank() && !MediaTypes.isJson(type)) {
      throw MediaTypes.unsupported(type, List.of(MediaTypes.JSON));
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
