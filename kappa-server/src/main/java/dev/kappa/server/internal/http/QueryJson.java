package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.engine.Ranked;
import dev.kappa.engine.Window;
import dev.kappa.server.internal.query.QueryResult;
import dev.kappa.server.internal.query.QueryResult.Position;
import dev.kappa.server.internal.query.QueryResult.Row;
import dev.kappa.server.internal.query.RunningQuery;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of on-demand query answers: the whole answer, or its NDJSON form (one line per result,
 * then a last line with the summary and no {@code results}). Times are ISO-8601 instants.
 * Stateless.
 */
final class QueryJson {

  private final JsonCodec json;

  QueryJson(JsonCodec json) {
    this.json = json;
  }

  /** {@code {"id","stream","from","to","results":[…],"scanned",…,"positions"}}. */
  ObjectNode answer(QueryResult result) {
    ObjectNode node = summary(result);
    ArrayNode results = json.object().putArray("results");
    for (Row row : result.results()) {
      results.add(row(row));
    }
    ObjectNode ordered = json.object();
    ordered.put("id", result.id());
    ordered.put("stream", result.query().stream());
    ordered.put("from", instant(result.query().from()));
    ordered.put("to", instant(result.query().to()));
    ordered.set("results", results);
    node.fields().forEachRemaining(e -> ordered.set(e.getKey(), e.getValue()));
    return ordered;
  }

  /** Everything but the results. */
  ObjectNode summary(QueryResult result) {
    ObjectNode node = json.object();
    node.put("id", result.id());
    node.put("stream", result.query().stream());
    node.put("from", instant(result.query().from()));
    node.put("to", instant(result.query().to()));
    node.put("resultCount", result.results().size());
    node.put("scanned", result.scanned());
    node.put("matched", result.matched());
    node.put("missingField", result.missingField());
    node.put("undecodable", result.undecodable());
    node.put("elapsedMs", result.elapsedMs());
    ObjectNode positions = node.putObject("positions");
    for (Position p : result.positions()) {
      positions.putArray(Integer.toString(p.partition())).add(p.start()).add(p.end());
    }
    return node;
  }

  /** {@code {"key","window":{"start","end"}|null,"value"}}. */
  ObjectNode row(Row row) {
    ObjectNode node = json.object();
    if (row.key() == null) {
      node.putNull("key");
    } else {
      node.put("key", row.key());
    }
    Window w = row.window();
    if (w == null) {
      node.putNull("window");
    } else {
      node.putObject("window").put("start", instant(w.start())).put("end", instant(w.end()));
    }
    node.set("value", value(row.value()));
    return node;
  }

  private JsonNode value(Object value) {
    ObjectNode holder = json.object();
    switch (value) {
      case Long n -> holder.put("v", n);
      case Double d when Double.isFinite(d) -> holder.put("v", d);
      case List<?> ranked -> {
        ArrayNode values = holder.putArray("v");
        for (Object r : ranked) {
          values.add(((Ranked<?>) r).score());
        }
      }
      default -> holder.putNull("v");
    }
    return holder.get("v");
  }

  ObjectNode running(RunningQuery query) {
    return json.object()
        .put("id", query.id())
        .put("stream", query.stream())
        .put("scanned", query.scanned())
        .put("elapsedMs", query.elapsedMs());
  }

  private static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
