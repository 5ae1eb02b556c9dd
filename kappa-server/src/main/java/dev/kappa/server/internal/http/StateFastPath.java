package dev.kappa.server.internal.http;

import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Answers the API's hottest request, a JSON read of a view's state ({@code GET /views/{view}/state}
 * with a key, range, prefix or cursor), in Jetty directly, in front of the Javalin application that
 * serves every other request. A point lookup's own work is a few microseconds; Javalin's routing,
 * servlet layer and response copying cost several times that, and on a small machine they bound how
 * many lookups it answers per second.
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

  /**
   * @param answered counts the requests answered here
   */
  public StateFastPath(ViewHandlers views, Counter answered) {
    this.views = views;
    this.answered = answered;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String name = viewName(request);
    if (name == null || hasBody(request)) {
      return super.handle(request, response, callback);
    }
    Fields parameters;
    try {
      if (QueryStrings.problem(request.getHttpURI().getQuery()) != null) {
        return super.handle(request, response, callback); // refused as every request's is
      }
      parameters = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      return super.handle(request, response, callback);
    }
    for (String parameter : parameters.getNames()) {
      if (!TAKEN.contains(parameter) || parameters.getValues(parameter).size() != 1) {
        return super.handle(request, response, callback);
      }
    }
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (StateQuery.wantsNdjson(accept)) {
      return super.handle(request, response, callback);
    }
    byte[] body;
    try {
      body =
          views.stateJson(name, new RequestReader(parameters::getValue, request.getHeaders()::get));
    } catch (RuntimeException e) {
      // Javalin answers it again, and renders the error as for every other request.
      return super.handle(request, response, callback);
    }
    answered.increment();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
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
