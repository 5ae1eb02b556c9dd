package dev.kappa.server.internal.http;

import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Answers the API's hottest request, a JSON read of a view's state ({@code GET /views/{view}/state}
 * with a key, range, prefix or cursor), in Jetty directly, in front of the Javalin application that
 * serves every other request. A point lookup's own work is a few microseconds; Javalin's routing,
 * servlet layer and response copying cost several times that, and on a small machine they bound how
 * many lookups it answers per second.
 *
 * <p><b>Threads.</b> This handler never blocks, so Jetty calls it on the selector thread that read
 * the request. A point lookup of the serving build ({@code ?key=} alone: one default page of
 * results) is answered right there, with no hand-over to another thread, which on a small machine
 * costs more than the lookup. It takes no lock: it reads the serving pointer, then RocksDB, whose
 * reads come from memory or the page cache. Every other request, which may wait (a position token,
 * a pinned version's deployment record) or run long (a scan, a body), is handed to one of the
 * server's virtual threads first, and so is everything passed on to Javalin, and a lookup with
 * another request already read behind it, so that a client that pipelines cannot hold a selector.
 *
 * <p>It answers only successes, with exactly the bytes {@link ViewHandlers#state} would send: the
 * same code parses, reads and renders for both. Whatever it does not take is passed on, untouched,
 * to Javalin, which answers it as before: another method or path, a body, a parameter it does not
 * know, NDJSON, a position token or a top-N (both may wait, and must not wait twice), and every
 * request that fails, so that errors have one renderer and one set of metrics. A failing read is
 * therefore run twice; errors are the rare case this trades for a single error path.
 *
 * <p>Counts what it answers ({@code kappa_http_state_direct_total}). Thread-safe.
 */
public final class StateFastPath extends Handler.Wrapper {

  private static final String PREFIX = "/views/";
  private static final String SUFFIX = "/state";

  /** The parameters of a JSON read that cannot wait: anything else goes to Javalin. */
  private static final Set<String> TAKEN =
      Set.of(
          "key",
          "fromTime",
          "toTime",
          "from",
          "to",
          "prefix",
          "cursor",
          "limit",
          "version",
          "build");

  private final ViewHandlers views;
  private final Counter answered;

  /** Runs what may block, every request but a point lookup: the server's virtual threads. */
  private volatile Executor blocking;

  /**
   * @param answered counts the requests answered here
   */
  public StateFastPath(ViewHandlers views, Counter answered) {
    this.views = views;
    this.answered = answered;
  }

  @Override
  protected void doStart() throws Exception {
    blocking = VirtualThreads.getExecutor(getServer().getThreadPool());
    super.doStart();
  }

  /** Never blocks: see the class comment. */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    StateRead read = stateRead(request);
    Inline inline =
        read != null && read.pointLookup() && inlineTurn(request)
            ? answer(() -> views.servingLookupJson(read.view(), read.reader()), response, callback)
            : Inline.NOT_TRIED;
    if (inline == Inline.ANSWERED) {
      return true;
    }
    boolean failed = inline == Inline.FAILED;
    blocking.execute(() -> answerBlocking(read, failed, request, response, callback));
    return true;
  }

  /**
   * On a virtual thread: answers the read, unless there is none or it already failed on the
   * selector (it is not read again before Javalin's turn), else passes the request on.
   */
  private void answerBlocking(
      StateRead read, boolean failed, Request request, Response response, Callback callback) {
    try {
      boolean done =
          read != null
              && !failed
              && answer(
                      () -> Optional.of(views.stateJson(read.view(), read.reader())),
                      response,
                      callback)
                  == Inline.ANSWERED;
      if (!done) {
        passOn(request, response, callback);
      }
    } catch (Throwable e) { // even an Error: left alone, the request would never end
      Response.writeError(request, response, callback, e);
    }
  }

  /** What became of a read tried here. */
  private enum Inline {
    ANSWERED,
    /** It failed, having written nothing: Javalin answers it, error and all. */
    FAILED,
    /** Not tried: on the selector, it may block, or its connection has more requests waiting. */
    NOT_TRIED
  }

  /** A read this class can answer: a view's name and its parameters. */
  private record StateRead(String view, Fields parameters, HttpFields headers) {
    /** One key's first page from the serving build: microseconds, whatever the view holds. */
    boolean pointLookup() {
      return parameters.getSize() == 1 && parameters.get("key") != null;
    }

    RequestReader reader() {
      return new RequestReader(parameters::getValue, headers::get);
    }
  }

  /**
   * Whether this request of its connection may be answered on the selector thread. A connection's
   * requests are handled one after another, and while each is answered at once Jetty goes straight
   * on to the next one it has read; so a lookup with more of its connection's bytes already read
   * behind it (a pipelining client) is handed off, which frees the selector for its other
   * connections. A client that waits for each answer never has such bytes, and none of its lookups
   * is handed off. The server speaks only HTTP/1.1; any other connection, which this cannot look
   * into, has every lookup handed off.
   */
  private static boolean inlineTurn(Request request) {
    return request.getConnectionMetaData().getConnection() instanceof HttpConnection http1
        && http1.isRequestBufferEmpty();
  }

  /** The read {@code request} asks for, or null if Javalin must answer it. */
  private static StateRead stateRead(Request request) {
    String name = viewName(request);
    if (name == null || hasBody(request)) {
      return null;
    }
    Fields parameters;
    try {
      if (QueryStrings.problem(request.getHttpURI().getQuery()) != null) {
        return null; // refused as every request's is
      }
      parameters = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      return null;
    }
    for (String parameter : parameters.getNames()) {
      if (!TAKEN.contains(parameter) || parameters.getValues(parameter).size() != 1) {
        return null;
      }
    }
    if (StateQuery.wantsNdjson(request.getHeaders().get(HttpHeader.ACCEPT))) {
      return null;
    }
    return new StateRead(name, parameters, request.getHeaders());
  }

  /**
   * Writes the answer {@code read} gives, if it gives one; if it fails, writes nothing, so that
   * Javalin answers it again and renders the error as for every other request.
   */
  private Inline answer(Supplier<Optional<byte[]>> read, Response response, Callback callback) {
    Optional<byte[]> body;
    try {
      body = read.get();
    } catch (RuntimeException e) {
      return Inline.FAILED;
    }
    if (body.isEmpty()) {
      return Inline.NOT_TRIED;
    }
    answered.increment();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.get().length);
    response.write(true, ByteBuffer.wrap(body.get()), callback);
    return Inline.ANSWERED;
  }

  /** Javalin's to answer, on a thread that may block. */
  private void passOn(Request request, Response response, Callback callback) {
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      }
    } catch (Exception e) {
      Response.writeError(request, response, callback, e);
    }
  }

  /** The view a {@code GET /views/{view}/state} names, or null for any other request. */
  private static String viewName(Request request) {
    if (!HttpMethod.GET.is(request.getMethod())) {
      return null;
    }
    String path = request.getHttpURI().getPath();
    if (path == null
        || !path.startsWith(PREFIX)
        || !path.endsWith(SUFFIX)
        || path.length() <= PREFIX.length() + SUFFIX.length()) {
      return null;
    }
    String name = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    // An escaped or nested name is Javalin's to decode and route.
    return name.indexOf('/') >= 0 || name.indexOf('%') >= 0 ? null : name;
  }

  private static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }
}
