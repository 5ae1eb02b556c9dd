package dev.kappa.server.internal.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an NDJSON body into its non-blank lines. Lines end with {@code \n} or {@code \r\n}; the
 * last line needs no terminator; lines of only spaces and tabs are skipped.
 */
public final class NdjsonLines {

  private NdjsonLines() {}

  /**
   * A line of the body.
   *
   * @param number its line number in the body, from 1, counting blank lines
   * @param bytes its bytes without the line terminator
   */
  public record Line(int number, byte[] bytes) {}

  public static List<Line> split(byte[] body) {
    return split(body, Integer.MAX_VALUE);
  }

  /** The first {@code atMost} non-blank lines; the rest of the body is not looked at. */
  public static List<Line> split(byte[] body, int atMost) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 1;
    while (start <= body.length && lines.size() < atMost) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
      if (!isBlank(body, start, stop)) {
        lines.add(new Line(number, Arrays.copyOfRange(body, start, stop)));
      }
      number++;
      start = end + 1;
    }
    return lines;
  }

  private static boolean isBlank(byte[] body, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
