package dev.kappa.server.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.engine.WindowSpec;
import dev.kappa.server.QuerySettings;
import dev.kappa.server.internal.query.AdHocQuery.Aggregate;
import dev.kappa.server.internal.query.AdHocQuery.Kind;
import dev.kappa.server.internal.query.AdHocQuery.Limits;
import dev.kappa.server.internal.query.AdHocQuery.Where;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /queries} into an {@link AdHocQuery}. Strict: an unknown field, a
 * missing one or a value of the wrong type is {@link QueryException.Reason#INVALID}, with a message
 * naming the field. Stateless and thread-safe.
 */
public final class QueryParser {

  /** The most windows one event may fall in (hopping size / advance). */
  static final long MAX_WINDOWS_PER_EVENT = 1000;

  /** The largest n of top-N. */
  static final int MAX_TOP_N = 1000;

  private static final Set<String> FIELDS =
      Set.of(
          "stream", "from", "to", "groupBy", "window", "aggregate", "where", "readPast", "limits");

  private final QuerySettings caps;

  public QueryParser(QuerySettings caps) {
    this.caps = caps;
  }

  /**
   * @throws QueryException with reason INVALID if the body is not a valid query
   */
  public AdHocQuery parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw QueryException.invalid("the body must be a JSON object");
    }
    onlyKnown(body, FIELDS, "query");
    String stream = text(body, "stream", true);
    long from = time(body, "from");
    long to = time(body, "to");
    if (to <= from) {
      throw QueryException.invalid(
          "'to' ("
              + Instant.ofEpochMilli(to)
              + ") must be after 'from' ("
              + Instant.ofEpochMilli(from)
              + ")");
    }
    String groupBy = path(body, "groupBy", false);
    WindowSpec window = window(body.get("window"));
    Aggregate aggregate = aggregate(body.get("aggregate"));
    Where where = where(body.get("where"));
    Duration readPast =
        body.has("readPast") ? duration(body.get("readPast"), "readPast", true) : Duration.ZERO;
    return new AdHocQuery(
        stream, from, to, groupBy, window, aggregate, where, readPast, limits(body.get("limits")));
  }

  private static void onlyKnown(JsonNode node, Set<String> known, String what) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw QueryException.invalid(
            "unknown field '"
                + name
                + "' in "
                + what
                + "; known: "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw QueryException.invalid("'" + field + "' is required");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw QueryException.invalid("'" + field + "' must be a non-empty string");
    }
    return value.asText();
  }

  private static String path(JsonNode node, String field, boolean required) {
    String path = text(node, field, required);
    return path == null ? null : checkPath(path, field);
  }

  private static String checkPath(String path, String field) {
    if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw QueryException.invalid(
          "'" + field + "' must be a field name or a dotted path such as 'user.country'");
    }
    return path;
  }

  /** An ISO-8601 instant, or epoch milliseconds. */
  private static long time(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw QueryException.invalid("'" + field + "' is required: an ISO-8601 instant or epoch ms");
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return Instant.parse(value.asText()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        // fall through to the error below
      }
    }
    throw QueryException.invalid(
        "'"
            + field
            + "' must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, or epoch ms; was "
            + value);
  }

  static Duration duration(JsonNode value, String field, boolean zeroAllowed) {
    Duration d = null;
    if (value != null && value.isTextual()) {
      try {
        d = Duration.parse(value.asText());
      } catch (DateTimeParseException e) {
        d = null;
      }
    } else if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
      d = Duration.ofMillis(value.asLong());
    }
    if (d == null || d.isNegative() || (!zeroAllowed && d.toMillis() <= 0)) {
      throw QueryException.invalid(
          "'"
              + field
              + "' must be an ISO-8601 duration such as PT5M, or milliseconds"
              + (zeroAllowed ? ", not negative" : ", at least 1 ms")
              + "; was "
              + value);
    }
    return d;
  }

  private static WindowSpec window(JsonNode node) {
    if (node == null || node.isNull() || (node.isTextual() && node.asText().equals("none"))) {
      return null;
    }
    if (!node.isObject() || node.size() != 1) {
      throw QueryException.invalid(
          "'window' must be one of {\"tumbling\":\"PT5M\"}, {\"hopping\":{\"size\":\"PT10M\","
              + "\"advance\":\"PT5M\"}}, {\"session\":{\"gap\":\"PT30M\"}} or \"none\"");
    }
    Map.Entry<String, JsonNode> only = node.fields().next();
    JsonNode spec = only.getValue();
    return switch (only.getKey()) {
      case "tumbling" ->
          new WindowSpec.Tumbling(duration(spec, "window.tumbling", false).toMillis());
      case "hopping" -> {
        requireObject(spec, "window.hopping");
        onlyKnown(spec, Set.of("size", "advance"), "window.hopping");
        long size = duration(spec.get("size"), "window.hopping.size", false).toMillis();
        long advance = duration(spec.get("advance"), "window.hopping.advance", false).toMillis();
        if (advance > size) {
          throw QueryException.invalid("window.hopping.advance must not exceed its size");
        }
        if ((size + advance - 1) / advance > MAX_WINDOWS_PER_EVENT) {
          throw QueryException.invalid(
              "window.hopping puts each event in more than " + MAX_WINDOWS_PER_EVENT + " windows");
        }
        yield new WindowSpec.Hopping(size, advance);
      }
      case "session" -> {
        requireObject(spec, "window.session");
        onlyKnown(spec, Set.of("gap"), "window.session");
        yield new WindowSpec.Session(
            duration(spec.get("gap"), "window.session.gap", false).toMillis());
      }
      default ->
          throw QueryException.invalid(
              "unknown window '" + only.getKey() + "'; use tumbling, hopping or session");
    };
  }

  private static void requireObject(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      throw QueryException.invalid("'" + field + "' must be an object");
    }
  }

  private static Aggregate aggregate(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw QueryException.invalid(
          "'aggregate' is required: one of {\"count\":{}}, {\"sum\":\"f\"}, {\"avg\":\"f\"},"
              + " {\"min\":\"f\"}, {\"max\":\"f\"}, {\"countDistinct\":\"f\"},"
              + " {\"approxCountDistinct\":\"f\"}, {\"topN\":{\"field\":\"f\",\"n\":5}}");
    }
    Map.Entry<String, JsonNode> only = node.fields().next();
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.jsonName().equals(only.getKey())) {
        kind = k;
      }
    }
    if (kind == null) {
      throw QueryException.invalid(
          "unknown aggregate '"
              + only.getKey()
              + "'; use count, sum, avg, min, max, countDistinct, approxCountDistinct or topN");
    }
    JsonNode spec = only.getValue();
    return switch (kind) {
      case COUNT -> {
        if (!(spec.isNull() || (spec.isObject() && spec.isEmpty()) || spec.isBoolean())) {
          throw QueryException.invalid("aggregate 'count' takes no field: {\"count\":{}}");
        }
        yield new Aggregate(kind, null, 0);
      }
      case TOP_N -> {
        requireObject(spec, "aggregate.topN");
        onlyKnown(spec, Set.of("field", "n"), "aggregate.topN");
        JsonNode n = spec.get("n");
        if (n == null || !n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > MAX_TOP_N) {
          throw QueryException.invalid(
              "aggregate.topN.n must be a whole number from 1 to " + MAX_TOP_N);
        }
        yield new Aggregate(kind, path(spec, "field", true), n.asInt());
      }
      default -> {
        if (!spec.isTextual() || spec.asText().isBlank()) {
          throw QueryException.invalid(
              "aggregate '"
                  + kind.jsonName()
                  + "' needs a field: {\""
                  + kind.jsonName()
                  + "\":\"amount\"}");
        }
        yield new Aggregate(kind, checkPath(spec.asText(), "aggregate." + kind.jsonName()), 0);
      }
    };
  }

  private static Where where(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    requireObject(node, "where");
    onlyKnown(node, Set.of("field", "equals"), "where");
    JsonNode value = node.get("equals");
    if (value == null || !value.isValueNode() || value.isNull()) {
      throw QueryException.invalid("'where.equals' must be a string, number or boolean");
    }
    return new Where(path(node, "field", true), value.asText());
  }

  private Limits limits(JsonNode node) {
    if (node == null || node.isNull()) {
      return new Limits(caps.maxEvents(), caps.maxResults(), caps.timeout(), false);
    }
    requireObject(node, "limits");
    onlyKnown(node, Set.of("maxEvents", "maxResults", "timeout"), "limits");
    long maxEvents = caps.maxEvents();
    boolean fromRequest = false;
    if (node.has("maxEvents")) {
      long asked = positive(node.get("maxEvents"), "limits.maxEvents");
      fromRequest = asked <= maxEvents;
      maxEvents = Math.min(asked, maxEvents);
    }
    int maxResults = caps.maxResults();
    if (node.has("maxResults")) {
      maxResults =
          (int) Math.min(positive(node.get("maxResults"), "limits.maxResults"), maxResults);
    }
    Duration timeout = caps.timeout();
    if (node.has("timeout")) {
      Duration asked = duration(node.get("timeout"), "limits.timeout", false);
      timeout = asked.compareTo(timeout) < 0 ? asked : timeout;
    }
    return new Limits(maxEvents, maxResults, timeout, fromRequest);
  }

  private static long positive(JsonNode value, String field) {
    if (value == null
        || !value.isIntegralNumber()
        || !value.canConvertToLong()
        || value.asLong() < 1) {
      throw QueryException.invalid("'" + field + "' must be a whole number of at least 1");
    }
    return value.asLong();
  }
}
