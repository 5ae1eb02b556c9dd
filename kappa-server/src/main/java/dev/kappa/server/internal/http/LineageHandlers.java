package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.server.internal.lineage.Lineage;
import dev.kappa.server.internal.lineage.LineageCatalog;
import dev.kappa.server.internal.lineage.LineageGraph;
import dev.kappa.server.internal.lineage.OpenLineageEvents;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * {@code GET /lineage} (the lineage graph) and {@code GET /lineage/openlineage} (OpenLineage run
 * events, NDJSON). Both take {@code ?view=} to describe one view's builds only.
 *
 * <p>Thread-safe.
 */
public final class LineageHandlers {

  private final LineageCatalog catalog;
  private final OpenLineageEvents openLineage;
  private final Supplier<String> namespace;
  private final Clock clock;
  private final JsonCodec json;

  /**
   * @param namespace the default OpenLineage namespace, known once the server listens
   */
  public LineageHandlers(
      LineageCatalog catalog,
      OpenLineageEvents openLineage,
      Supplier<String> namespace,
      Clock clock,
      JsonCodec json) {
    this.catalog = catalog;
    this.openLineage = openLineage;
    this.namespace = namespace;
    this.clock = clock;
    this.json = json;
  }

  public void graph(Context ctx) {
    Responses.json(ctx, 200, json, LineageGraph.of(catalog.lineage(ctx.queryParam("view"))));
  }

  public void openLineage(Context ctx) {
    String space = namespace(ctx.queryParam("namespace"));
    Lineage lineage = catalog.lineage(ctx.queryParam("view"));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (ObjectNode event : openLineage.events(lineage, space, clock.instant())) {
      body.writeBytes(json.write(event));
      body.write('\n');
    }
    ctx.status(200).contentType(MediaTypes.NDJSON).result(body.toByteArray());
  }

  private String namespace(String given) {
    if (given == null) {
      return namespace.get();
    }
    try {
      if (given.isBlank() || new URI(given).getScheme() == null) {
        throw ApiException.invalidRequest(
            "namespace must be an absolute URI, such as kappa://host:8080; got '" + given + "'");
      }
    } catch (URISyntaxException e) {
      throw ApiException.invalidRequest("namespace is not a URI: " + e.getMessage());
    }
    return given;
  }
}
