package dev.kappa.bench.internal;

import java.util.List;

/**
 * NDJSON bodies cut from a fixed pool of click events, taken round the pool in order, so that any
 * number of events can be sent and every page sent is one of the pool's. Reuses one buffer.
 *
 * <p>Not thread-safe.
 */
final class ClickBodies {

  private final List<byte[]> pool;
  private byte[] buffer = new byte[64 << 10];
  private int next;

  ClickBodies(List<byte[]> pool) {
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("the pool of events is empty");
    }
    this.pool = pool;
  }

  /**
   * Fills the buffer with the next {@code count} events, one line each.
   *
   * @return the body's length in bytes; the body is {@link #buffer()}
   */
  int fill(int count) {
    int at = 0;
    for (int i = 0; i < count; i++) {
      byte[] event = pool.get(next);
      next = (next + 1) % pool.size();
      if (at + event.length + 1 > buffer.length) {
        buffer =
            java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, at + event.length + 1));
      }
      System.arraycopy(event, 0, buffer, at, event.length);
      at += event.length;
      buffer[at++] = '\n';
    }
    return at;
  }

  /** The body {@link #fill} wrote, valid until the next call. */
  byte[] buffer() {
    return buffer;
  }
}
