package dev.kappa.server.internal.http;

import dev.kappa.server.internal.views.KeyType;
import dev.kappa.server.internal.views.ServedView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /views/{view}/state} asks, parsed and checked before anything is read: exactly
 * one shape (a key's windows, a key range, a key prefix, the top N, or a scan of every key), a page
 * cursor, a limit, and the output format.
 *
 * @param shape what to read
 * @param cursor where to resume (a {@code next} of an earlier page), or null
 * @param limit the most results to return
 * @param ndjson whether to stream the answer as NDJSON lines
 * @param timeout how long a read of every result (top N) may run before it answers 504
 */
record StateQuery(
    Shape shape, String cursor, int limit, boolean ndjson, java.time.Duration timeout) {

  static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(30);
  static final java.time.Duration MAX_TIMEOUT = java.time.Duration.ofMinutes(5);

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_JSON_LIMIT = 10_000;
  static final int MAX_NDJSON_LIMIT = 1_000_000;
  static final int MAX_TOP = 10_000;

  /** The parameters that choose a shape; at most one group may be given. */
  private static final List<List<String>> SHAPES =
      List.of(
          List.of("key", "fromTime", "toTime"),
          List.of("from", "to"),
          List.of("prefix"),
          List.of("top"));

  /** What a query reads. */
  sealed interface Shape {}

  /** The windows of {@code key} that start in {@code [fromStart, toStart)}. */
  record Lookup(Object key, String keyText, long fromStart, long toStart, boolean timeBounded)
      implements Shape {}

  /** The keys in {@code [from, to)} (null: unbounded); both null is a scan of every key. */
  record Range(Object from, Object to) implements Shape {}

  /** The string keys starting with {@code prefix}. */
  record Prefix(String prefix) implements Shape {

    byte[] bytes() {
      return prefix.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The {@code n} greatest numeric results. */
  record Top(int n) implements Shape {}

  private static java.time.Duration timeout(String text) {
    if (text == null) {
      return DEFAULT_TIMEOUT;
    }
    try {
      long ms = PositionWait.durationMs(text.strip());
      if (ms >= 1 && ms <= MAX_TIMEOUT.toMillis()) {
        return java.time.Duration.ofMillis(ms);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ApiException.invalidRequest(
        "timeout must be milliseconds or an ISO-8601 duration from 1 ms to "
            + MAX_TIMEOUT
            + ", was '"
            + text
            + "'");
  }

  StateQuery withCursor(String cursor) {
    return new StateQuery(shape, cursor, limit, ndjson, timeout);
  }

  static StateQuery parse(RequestReader ctx, ServedView view) {
    boolean ndjson = wantsNdjson(ctx.header("Accept"));
    List<String> groups = new ArrayList<>();
    for (List<String> group : SHAPES) {
      for (String parameter : group) {
        if (ctx.queryParam(parameter) != null) {
          groups.add(parameter);
          break;
        }
      }
    }
    if (groups.size() > 1) {
      throw ApiException.invalidRequest(
          "give one query shape: key (with fromTime, toTime), from/to, prefix or top; got "
              + String.join(" and ", groups));
    }
    Shape shape = shape(ctx, view);
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && shape instanceof Top) {
      throw ApiException.invalidRequest("top answers in one page; it takes no cursor");
    }
    int limit = limit(ctx.queryParam("limit"), ndjson);
    if (shape instanceof Top top) {
      limit = top.n();
    }
    return new StateQuery(shape, cursor, limit, ndjson, timeout(ctx.queryParam("timeout")));
  }

  private static Shape shape(RequestReader ctx, ServedView view) {
    String key = ctx.queryParam("key");
    String fromTime = ctx.queryParam("fromTime");
    String toTime = ctx.queryParam("toTime");
    if (key == null && (fromTime != null || toTime != null)) {
      throw ApiException.invalidRequest("fromTime and toTime select windows of a key: give key");
    }
    if (key != null) {
      long from = fromTime == null ? Long.MIN_VALUE : ReadQuery.time(fromTime, "fromTime");
      long to = toTime == null ? Long.MAX_VALUE : ReadQuery.time(toTime, "toTime");
      if (from > to) {
        throw new ApiException(
            ErrorCode.INVALID_RANGE,
            "fromTime "
                + fromTime
                + " lies after toTime "
                + toTime
                + "; windows start in [from, to)");
      }
      return new Lookup(key(view, key), key, from, to, fromTime != null || toTime != null);
    }
    String prefix = ctx.queryParam("prefix");
    if (prefix != null) {
      if (view.keyType() != KeyType.STRING) {
        throw new ApiException(
            ErrorCode.UNSUPPORTED_KEY_TYPE,
            "prefix needs string keys; view "
                + view.view().id()
                + " has "
                + view.keyType().label()
                + " keys: use from and to");
      }
      return new Prefix(prefix);
    }
    String top = ctx.queryParam("top");
    if (top != null) {
      return new Top(top(top));
    }
    String from = ctx.queryParam("from");
    String to = ctx.queryParam("to");
    Object fromKey = from == null ? null : key(view, from);
    Object toKey = to == null ? null : key(view, to);
    if (fromKey != null && toKey != null && KeyOrder.compare(view, fromKey, toKey) > 0) {
      throw new ApiException(
          ErrorCode.INVALID_RANGE,
          "from '"
              + from
              + "' lies after to '"
              + to
              + "' in the view's key order ("
              + KeyOrder.describe(view.keyType())
              + "); the range is [from, to)");
    }
    return new Range(fromKey, toKey);
  }

  private static int top(String text) {
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalidRequest("top must be a whole number, was '" + text + "'");
    }
    if (n < 1) {
      throw ApiException.invalidRequest("top must be 1 or more, was " + n);
    }
    if (n > MAX_TOP) {
      throw new ApiException(
          ErrorCode.RESULT_TOO_LARGE,
          "top is at most " + MAX_TOP + ", was " + n + "; scan with from/to and a cursor instead");
    }
    return n;
  }

  private static int limit(String text, boolean ndjson) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    long limit;
    try {
      limit = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalidRequest("limit must be a whole number, was '" + text + "'");
    }
    if (limit < 1) {
      throw ApiException.invalidRequest("limit must be 1 or more, was " + limit);
    }
    int max = ndjson ? MAX_NDJSON_LIMIT : MAX_JSON_LIMIT;
    if (limit > max) {
      String alternative =
          ndjson
              ? "page with the cursor of each answer's next"
              : "page with the cursor of each answer's next, or ask for Accept: "
                  + MediaTypes.NDJSON
                  + " (up to "
                  + MAX_NDJSON_LIMIT
                  + " results)";
      throw new ApiException(
          ErrorCode.RESULT_TOO_LARGE,
          "limit " + limit + " exceeds the " + max + " results one answer holds; " + alternative);
    }
    return (int) limit;
  }

  /** Whether the Accept header asks for NDJSON (and not JSON first). */
  static boolean wantsNdjson(String accept) {
    if (accept == null) {
      return false;
    }
    for (String type : accept.split(",")) {
      String essence = MediaTypes.essence(type);
      if (essence.equals(MediaTypes.NDJSON) || essence.equals("application/jsonl")) {
        return true;
      }
      if (MediaTypes.isJson(type)) {
        return false;
      }
    }
    return false;
  }

  /** The key {@code text} stands for in {@code view}'s key type. */
  static Object key(ServedView view, String text) {
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
}
