package dev.kappa.server.internal.http;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses query strings that do not decode: a {@code %} not followed by two hex digits, or escapes
 * that are not UTF-8. Jetty's decoding is lenient with both (it drops or replaces what it cannot
 * decode), which would turn {@code ?key=%zz} into a query without a key, a scan of every key,
 * instead of an error naming the problem.
 *
 * <p>Stateless; thread-safe.
 */
final class QueryStrings {

  private QueryStrings() {}

  /**
   * Runs before every handler.
   *
   * @throws ApiException {@code invalid_request} naming what does not decode
   */
  static void check(Context ctx) {
    String problem = problem(ctx.queryString());
    if (problem != null) {
      throw ApiException.invalidRequest("the query string does not decode: " + problem);
    }
  }

  /** What is wrong with {@code raw} (undecoded), or null if it decodes. */
  static String problem(String raw) {
    if (raw == null || raw.indexOf('%') < 0) {
      return null;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.put((byte) (c < 0x80 ? c : '?'));
        continue;
      }
      int high = i + 1 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
      int low = i + 2 < raw.length() ? hex(raw.charAt(i + 2)) : -1;
      if (high < 0 || low < 0) {
        return "'%' at index " + i + " is not followed by two hex digits";
      }
      bytes.put((byte) (high << 4 | low));
      i += 2;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes.flip());
      return null;
    } catch (CharacterCodingException e) {
      return "its escapes are not UTF-8";
    }
  }

  /** An ASCII hex digit's value, or -1 (Character.digit would take other scripts' digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
