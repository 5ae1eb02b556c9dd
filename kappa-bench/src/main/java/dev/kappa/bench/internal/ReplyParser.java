package dev.kappa.bench.internal;

import java.nio.charset.StandardCharsets;

/**
 * Finds where one HTTP/1.1 reply ends in the bytes received so far, so a non-blocking client can
 * tell a whole reply from part of one. Handles {@code Content-Length} and chunked bodies; a reply
 * with neither, or one that is not HTTP/1.x, is malformed (Kappa always sends one of the two).
 *
 * <p>Stateless: each call parses from the start of the reply, which is cheap for the small replies
 * a load generator reads. Thread-safe.
 */
final class ReplyParser {

  /** Not yet a whole reply: read more. */
  static final int INCOMPLETE = -1;

  private ReplyParser() {}

  /**
   * A whole reply.
   *
   * @param status its status code
   * @param bodyStart where its body starts, after the head
   * @param length its length in bytes, head and body
   * @param closing whether the server closes the connection after it
   */
  record Reply(int status, int bodyStart, int length, boolean closing) {}

  /**
   * The reply at the start of {@code bytes[0, length)}, or null when more bytes are needed.
   *
   * @throws IllegalArgumentException if the bytes cannot start an HTTP/1.x reply
   */
  static Reply parse(byte[] bytes, int length) {
    int headEnd = headEnd(bytes, length);
    if (headEnd < 0) {
      return null;
    }
    String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
    if (head.length() < 12 || !head.startsWith("HTTP/1.")) {
      throw new IllegalArgumentException(
          "not an HTTP/1.x reply: " + head.substring(0, Math.min(head.length(), 40)));
    }
    int status = Integer.parseInt(head.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closing = false;
    // Each header line after the status line; a head of the status line alone has none.
    for (int at = head.indexOf("\r\n") + 2, end; at > 1 && at < head.length(); at = end + 2) {
      end = head.indexOf("\r\n", at);
      if (end < 0) {
        end = head.length();
      }
      String line = head.substring(at, end);
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        contentLength = Long.parseLong(line.substring(15).trim());
      } else if (line.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
        chunked = line.substring(18).trim().equalsIgnoreCase("chunked");
      } else if (line.regionMatches(true, 0, "connection:", 0, 11)) {
        closing = line.substring(11).trim().equalsIgnoreCase("close");
      }
    }
    int bodyStart = headEnd + 4;
    int end;
    if (chunked) {
      end = chunkedEnd(bytes, bodyStart, length);
    } else if (contentLength >= 0) {
      end = bodyStart + contentLength <= length ? (int) (bodyStart + contentLength) : INCOMPLETE;
    } else {
      throw new IllegalArgumentException("a reply with neither Content-Length nor chunked body");
    }
    return end == INCOMPLETE ? null : new Reply(status, bodyStart, end, closing);
  }

  /** The index of the {@code \r\n\r\n} ending the head, or -1. */
  private static int headEnd(byte[] bytes, int length) {
    for (int i = 0; i + 3 < length; i++) {
      if (bytes[i] == '\r'
          && bytes[i + 1] == '\n'
          && bytes[i + 2] == '\r'
          && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The end of a chunked body starting at {@code at}, trailers included, or {@link #INCOMPLETE}.
   */
  private static int chunkedEnd(byte[] bytes, int at, int length) {
    while (true) {
      int lineEnd = lineEnd(bytes, at, length);
      if (lineEnd < 0) {
        return INCOMPLETE;
      }
      String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int semicolon = sizeLine.indexOf(';');
      int size =
          Integer.parseInt(
              (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      at = lineEnd + 2;
      if (size == 0) {
        // Trailers, then an empty line.
        while (true) {
          int trailerEnd = lineEnd(bytes, at, length);
          if (trailerEnd < 0) {
            return INCOMPLETE;
          }
          boolean empty = trailerEnd == at;
          at = trailerEnd + 2;
          if (empty) {
            return at;
          }
        }
      }
      if (at + size + 2 > length) {
        return INCOMPLETE;
      }
      at += size + 2;
    }
  }

  private static int lineEnd(byte[] bytes, int from, int length) {
    for (int i = from; i + 1 < length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
