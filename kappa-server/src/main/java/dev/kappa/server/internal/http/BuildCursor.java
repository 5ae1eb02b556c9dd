package dev.kappa.server.internal.http;

/**
 * A page cursor as clients see it: {@code b<build>.<cursor>}, the build that answered the page and
 * its own cursor. A query resuming from it reads the same build, so paging through a view's results
 * never crosses a cutover. Immutable.
 *
 * @param build the build that answered the page
 * @param cursor where that build's next page starts
 */
record BuildCursor(long build, String cursor) {

  String format() {
    return "b" + build + "." + cursor;
  }

  /** The client's form of {@code cursor} for {@code build}; null stays null. */
  static String wrap(long build, String cursor) {
    return cursor == null ? null : new BuildCursor(build, cursor).format();
  }

  /**
   * @throws ApiException {@code invalid_cursor} if {@code text} is not a cursor of this form
   */
  static BuildCursor parse(String text) {
    int dot = text.indexOf('.');
    if (text.startsWith("b") && dot > 1) {
      try {
        long build = Long.parseLong(text.substring(1, dot));
        if (build >= 1 && dot + 1 < text.length()) {
          return new BuildCursor(build, text.substring(dot + 1));
        }
      } catch (NumberFormatException e) {
        // answered below
      }
    }
    throw new ApiException(
        ErrorCode.INVALID_CURSOR,
        "cursor '" + text + "' is not the next of an earlier page; pass a page's next unchanged");
  }
}
