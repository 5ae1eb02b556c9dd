package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.engine.ResultPage;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.ViewState;
import dev.kappa.engine.WindowResult;
import dev.kappa.server.internal.views.ServedView;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /views/{view}/state} for one resolved build: waits for a position token if one
 * is given ({@link PositionWait}), reads the {@link StateQuery}'s shape, and renders a JSON answer
 * (one page, from one commit) or streams NDJSON lines.
 *
 * <p>NDJSON reads the engine page by page ({@value #NDJSON_PAGE} results each), so memory stays
 * bounded however large the limit; each page comes from the commit current when it is read, so the
 * last line's {@code progress} is that of the last page, and {@code oneCommit} says whether every
 * page came from that same commit. Everything that can fail for a client reason fails before the
 * first byte is sent.
 *
 * <p>Thread-safe.
 */
final class StateHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StateHandler.class);
  static final int NDJSON_PAGE = 256;
  private static final int FLUSH_BYTES = 64 << 10;
  private static final String LOOKUP_CURSOR = "w.";

  private final PositionWait positions;
  private final JsonCodec json;
  private final StateJson stateJson;

  StateHandler(PositionWait positions, JsonCodec json) {
    this.positions = positions;
    this.json = json;
    this.stateJson = new StateJson(json);
  }

  /**
   * The first page of {@code query}'s answer, after waiting for the request's position token if it
   * gave one.
   *
   * @throws ApiException for a bad position or cursor, a timeout, or a key without results
   */
  ResultPage<?, ?> first(
      RequestReader request, ServedView view, StateQuery query, RunningView<?, ?> running) {
    positions.await(request.queryParam("position"), request.queryParam("wait"), view, running);
    ResultPage<?, ?> first = read(running, view, query, query.cursor(), firstPageSize(query));
    if (query.shape() instanceof StateQuery.Lookup lookup
        && first.results().isEmpty()
        && query.cursor() == null
        && unknown(running, lookup)) {
      throw new ApiException(
          ErrorCode.UNKNOWN_KEY,
          "view " + view.runId() + " has no result for key '" + lookup.keyText() + "'");
    }
    return first;
  }

  /** The JSON answer whose results are {@code first}: one page, from one commit. */
  byte[] json(ServedView view, StateQuery query, ResultPage<?, ?> first) {
    return stateJson.answer(view, query, first);
  }

  private static int firstPageSize(StateQuery query) {
    return query.ndjson() ? Math.min(query.limit(), NDJSON_PAGE) : query.limit();
  }

  /** Streams the NDJSON answer: {@code first}, the following pages, then the progress line. */
  void stream(
      Context ctx,
      ServedView view,
      RunningView<?, ?> running,
      StateQuery query,
      ResultPage<?, ?> first) {
    boolean windowed = ViewJson.windowed(view.view());
    ctx.status(200).contentType(MediaTypes.NDJSON);
    OutputStream out = new BufferedOutputStream(ctx.outputStream(), FLUSH_BYTES);
    try {
      ResultPage<?, ?> page = first;
      int remaining = query.limit();
      boolean oneCommit = true;
      while (true) {
        for (WindowResult<?, ?> result : page.results()) {
          out.write(stateJson.line(result, windowed));
          out.write('\n');
        }
        remaining -= page.results().size();
        if (page.next() == null || remaining <= 0) {
          break;
        }
        ResultPage<?, ?> following =
            read(running, view, query, page.next(), Math.min(remaining, NDJSON_PAGE));
        oneCommit &= following.progress().equals(page.progress());
        page = following;
      }
      out.write(stateJson.lastLine(view, page, oneCommit));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      LOG.debug("the client went away while reading the state of {}", view.runId(), e);
    } catch (RuntimeException e) {
      // The 200 is sent: the error ends the output as its last line.
      writeError(out, e);
    }
  }

  private void writeError(OutputStream out, RuntimeException e) {
    LOG.warn("a state stream failed part-way", e);
    try {
      ObjectNode error = json.object();
      error
          .putObject("error")
          .put("code", ErrorCode.INTERNAL.code())
          .put("message", "the read failed part-way (" + e.getClass().getSimpleName() + ")");
      out.write(json.write(error));
      out.write('\n');
      out.flush();
    } catch (IOException ignored) {
      // the client went away too
    }
  }

  /** Whether {@code lookup}'s key has no result at all, in any window. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean unknown(RunningView<?, ?> running, StateQuery.Lookup lookup) {
    if (!lookup.timeBounded()) {
      return true;
    }
    ViewState state = running.state();
    return state.lookup(lookup.key(), Long.MIN_VALUE, Long.MAX_VALUE, 1).results().isEmpty();
  }

  /** One page of {@code query}'s results, from one commit, resuming after {@code cursor}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ResultPage<?, ?> read(
      RunningView<?, ?> running, ServedView view, StateQuery query, String cursor, int size) {
    ViewState state = running.state();
    try {
      return switch (query.shape()) {
        case StateQuery.Lookup lookup -> lookup(state, lookup, cursor, size);
        case StateQuery.Range range -> state.range(range.from(), range.to(), cursor, size);
        case StateQuery.Prefix prefix -> state.prefix(prefix.bytes(), cursor, size);
        case StateQuery.Top top -> top(state, top, view, query);
      };
    } catch (IllegalArgumentException e) {
      if (cursor == null) {
        throw e;
      }
      throw invalidCursor(cursor);
    }
  }

  /** The top N, which reads every result: stopped with 504 {@code query_timeout} at the limit. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ResultPage<?, ?> top(
      ViewState state, StateQuery.Top top, ServedView view, StateQuery query) {
    long deadline = System.nanoTime() + query.timeout().toNanos();
    try {
      return state.top(top.n(), numeric(view), () -> System.nanoTime() < deadline);
    } catch (java.util.concurrent.CancellationException e) {
      throw new ApiException(
          ErrorCode.QUERY_TIMEOUT,
          "the top-"
              + top.n()
              + " query of view "
              + view.runId()
              + " ran longer than its timeout of "
              + query.timeout()
              + " ("
              + e.getMessage()
              + "); ask for fewer results of a smaller view, or raise timeout");
    }
  }

  /**
   * A key's windows from the cursor's start on. The engine's lookup has no cursor, so the server
   * keeps its own: {@code w.<start>} of the first window not yet returned.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ResultPage<?, ?> lookup(
      ViewState state, StateQuery.Lookup lookup, String cursor, int size) {
    long from = lookup.fromStart();
    if (cursor != null) {
      long resume = lookupCursor(cursor);
      if (resume < lookup.fromStart() || resume >= lookup.toStart()) {
        throw invalidCursor(cursor);
      }
      from = resume;
    }
    ResultPage<?, ?> page = state.lookup(lookup.key(), from, lookup.toStart(), size + 1);
    if (page.results().size() <= size) {
      return page;
    }
    List<WindowResult<?, ?>> results = new ArrayList<>(page.results().subList(0, size));
    String next = LOOKUP_CURSOR + page.results().get(size).window().start();
    return new ResultPage(results, page.progress(), next);
  }

  private static long lookupCursor(String cursor) {
    if (cursor.startsWith(LOOKUP_CURSOR)) {
      try {
        return Long.parseLong(cursor.substring(LOOKUP_CURSOR.length()));
      } catch (NumberFormatException e) {
        // answered below
      }
    }
    throw invalidCursor(cursor);
  }

  private static ApiException invalidCursor(String cursor) {
    return new ApiException(
        ErrorCode.INVALID_CURSOR,
        "cursor '"
            + cursor
            + "' is not the next of an earlier page of this query; pass a page's next unchanged,"
            + " with the same query parameters");
  }

  /** Numeric results by value; anything else is refused while ranking. */
  private static Comparator<Object> numeric(ServedView view) {
    return (a, b) -> {
      if (a instanceof Number x && b instanceof Number y) {
        if (isIntegral(x) && isIntegral(y)) {
          return Long.compare(x.longValue(), y.longValue());
        }
        return Double.compare(x.doubleValue(), y.doubleValue());
      }
      Object other = a instanceof Number ? b : a;
      throw ApiException.invalidRequest(
          "top ranks numeric results; view "
              + view.runId()
              + " has results of type "
              + other.getClass().getSimpleName());
    };
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }
}
