package dev.kappa.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: each line's bytes are exactly the input's,
 * minus the {@code \n} (or {@code \r\n}) that ends it. A last line without a newline still counts;
 * an input ending in a newline has no empty last line. Not thread-safe.
 */
final class LineSource {

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long lineNumber;
  private boolean eof;

  LineSource(InputStream in) {
    this.in = in;
  }

  /** The 1-based number of the line last returned by {@link #next()}. */
  long lineNumber() {
    return lineNumber;
  }

  /** The next line, or null at the end of the input. */
  byte[] next() throws IOException {
    byte[] line = null;
    int lineLength = 0;
    while (true) {
      if (position == limit && !fill()) {
        if (line == null) {
          return null;
        }
        return finish(line, lineLength);
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      if (line == null) {
        line = new byte[Math.max(chunk, 64)];
      } else if (lineLength + chunk > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + chunk));
      }
      System.arraycopy(buffer, start, line, lineLength, chunk);
      lineLength += chunk;
      if (position < limit) {
        position++; // the newline
        return finish(line, lineLength);
      }
    }
  }

  private byte[] finish(byte[] line, int length) {
    lineNumber++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return length == line.length ? line : Arrays.copyOf(line, length);
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer);
    if (n < 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
