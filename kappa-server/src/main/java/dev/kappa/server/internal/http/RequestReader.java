package dev.kappa.server.internal.http;

import io.javalin.http.Context;
import java.util.function.UnaryOperator;

/**
 * A request's query parameters and headers, whichever HTTP layer received it: a Javalin {@link
 * Context}, or Jetty directly on the {@link StateFastPath}. Lets a handler's parsing and reading be
 * one piece of code for both.
 *
 * @param queryParams the first value of a query parameter, decoded, or null
 * @param headers the first value of a header, or null
 */
record RequestReader(UnaryOperator<String> queryParams, UnaryOperator<String> headers) {

  static RequestReader of(Context ctx) {
    return new RequestReader(ctx::queryParam, ctx::header);
  }

  String queryParam(String name) {
    return queryParams.apply(name);
  }

  String header(String name) {
    return headers.apply(name);
  }
}
