package dev.kappa.log;

import java.nio.ByteBuffer;

/**
 * Memory that reads reuse, for a reader that handles one result after another on one thread, such
 * as a view replaying a stream: a result read into it is valid until the next read into it. A view
 * replaying at millions of records per second would otherwise allocate its whole input again as
 * read buffers, half of what it allocates, and pay for it in garbage collections.
 *
 * <p>Grows to the largest read and keeps that capacity. Not thread-safe.
 */
public final class ReadBuffer {

  private ByteBuffer bytes = ByteBuffer.allocate(0);

  /**
   * A buffer of at least {@code length} bytes, cleared: whatever was read into it before is gone.
   */
  public ByteBuffer take(int length) {
    if (bytes.capacity() < length) {
      bytes = ByteBuffer.allocate(length);
    }
    return bytes.clear();
  }

  /** The capacity kept, in bytes. */
  public int capacity() {
    return bytes.capacity();
  }
}
