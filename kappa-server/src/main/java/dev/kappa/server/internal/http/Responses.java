package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** Writes successful JSON answers. */
public final class Responses {

  private Responses() {}

  public static void json(Context ctx, int status, JsonCodec json, JsonNode body) {
    json(ctx, status, json.write(body));
  }

  /** Writes {@code body}, JSON already encoded. */
  public static void json(Context ctx, int status, byte[] body) {
    ctx.status(status).contentType(MediaTypes.JSON).result(body);
  }
}
