package dev.kappa.server.internal.http;

import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
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
 * the request. A point lookup (a key, optionally pinned to a version or build, at most one default
 * page of results) is answered right there: no hand-over to another thread, which on a small
 * machine costs more than the lookup. Every other request, which may wait (a position token) or run
 * long (a scan, a body), is handed to one of the server's virtual threads first, and so is
 * everything passed on to Javalin.
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

  /** The parameters of a point lookup. */
  private static final Set<String> POINT = Set.of("key", "version", "build");

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
    boolean tried = read != null && read.pointLookup();
    if (tried && answer(read, response, callback)) {
      return true;
    }
    blocking.execute(
        () -> {
          // A point lookup that failed here is not read again before Javalin's turn.
          if (read == null || tried || !answer(read, response, callback)) {
            passOn(request, response, callback);
          }
        });
    return true;
  }

  /** A read this class can answer: a view's name and its parameters. */
  private record StateRead(String view, Fields parameters, HttpFields headers) {
    /** One key's first page (of one build): a few microseconds of work, whatever the view holds. */
    boolean pointLookup() {
      for (String name : parameters.getNames()) {
        if (!POINT.contains(name)) {
          return false;
        }
      }
      return parameters.get("key") != null;
    }
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

  /** Writes the read's answer if it succeeds; false, having written nothing, if it fails. */
  private boolean answer(StateRead read, Response response, Callback callback) {
    byte[] body;
    try {
      body =
          views.stateJson(
              read.view(), new RequestReader(read.parameters()::getValue, read.headers()::get));
    } catch (RuntimeException e) {
      return false; // Javalin answers it again, and renders the error as for every other request
    }
    answered.increment();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** Javalin's to answer, on a thread that may block. */
  private void passOn(Request request, Response response, Callback callback) {
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      }
    } catch (Throwable e) { // even an Error: left alone, the client would wait for its idle timeout
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
