package dev.kappa.engine.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ordered list of puts and deletes, applied atomically by {@link StateStore#write}; a later
 * operation on a key wins. Encoded as it goes in RocksDB's write-batch representation, so a whole
 * commit crosses into RocksDB in one call and costs no Java object per entry:
 *
 * <pre>
 * [u64 sequence = 0][u32 count]              header, little-endian
 * 0x01 [varint32 key length][key][varint32 value length][value]   put
 * 0x00 [varint32 key length][key]                                 delete
 * </pre>
 *
 * <p>Not thread-safe, except that a detached batch may be released on another thread.
 */
public final class StateBatch {

  static final int HEADER = 12;
  static final byte DELETE = 0x00;
  static final byte PUT = 0x01;

  private static final int INITIAL_CAPACITY = 1024;

  /**
   * A written batch's buffer, given back for the next detach; shared by a batch and the batches
   * detached from it.
   */
  private final AtomicReference<byte[]> spare;

  private byte[] buffer = new byte[INITIAL_CAPACITY];
  private int size = HEADER;
  private int count;

  public StateBatch() {
    this(new AtomicReference<>());
  }

  private StateBatch(AtomicReference<byte[]> spare) {
    this.spare = spare;
  }

  public void put(byte[] key, byte[] value) {
    ensure(1 + 5 + key.length + 5 + value.length);
    buffer[size++] = PUT;
    writeBytes(key);
    writeBytes(value);
    count++;
  }

  /**
   * Puts the state entry of {@code key} in the window starting at {@code windowStart}: the same as
   * {@code put(StateKeys.entry(key, windowStart), value)}, without building that key.
   */
  void putEntry(byte[] key, long windowStart, byte[] value) {
    int keyLength = StateKeys.entryLength(key.length);
    ensure(1 + 5 + keyLength + 5 + value.length);
    buffer[size++] = PUT;
    writeLength(keyLength);
    StateKeys.writeEntry(buffer, size, key, windowStart);
    size += keyLength;
    writeBytes(value);
    count++;
  }

  public void delete(byte[] key) {
    ensure(1 + 5 + key.length);
    buffer[size++] = DELETE;
    writeBytes(key);
    count++;
  }

  /** The encoded size so far, in bytes. */
  public int sizeInBytes() {
    return size;
  }

  public int count() {
    return count;
  }

  /** The buffer's capacity in bytes. */
  int capacity() {
    return buffer.length;
  }

  /**
   * Hands this batch's operations to a new batch and empties this one, which goes on in the buffer
   * of an earlier detached batch that was {@link #release released}, or else in a new one. No bytes
   * are copied, and a view that commits often reuses a few buffers instead of allocating one per
   * commit. The price: a batch and the batches detached from it keep up to three buffers (filling,
   * being written, spare), each as large as the largest commit that used it.
   */
  public StateBatch detach() {
    StateBatch taken = new StateBatch(spare);
    taken.buffer = buffer;
    taken.size = size;
    taken.count = count;
    byte[] reuse = spare.getAndSet(null);
    buffer = reuse != null ? reuse : new byte[INITIAL_CAPACITY];
    size = HEADER;
    count = 0;
    return taken;
  }

  /**
   * Gives this detached batch's buffer back to the batch it was detached from, once written; this
   * batch must not be used afterwards.
   */
  void release() {
    spare.set(buffer);
    buffer = null;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  public void clear() {
    size = HEADER;
    count = 0;
  }

  /** The encoded batch, header included. */
  byte[] toBytes() {
    byte[] out = Arrays.copyOf(buffer, size);
    Arrays.fill(out, 0, 8, (byte) 0);
    out[8] = (byte) count;
    out[9] = (byte) (count >>> 8);
    out[10] = (byte) (count >>> 16);
    out[11] = (byte) (count >>> 24);
    return out;
  }

  /** Visits the operations in order; {@code value} is null for a delete. */
  void forEach(Visitor visitor) {
    int at = HEADER;
    while (at < size) {
      byte op = buffer[at++];
      int keyLength = readVarint(at);
      at += varintSize(keyLength);
      byte[] key = Arrays.copyOfRange(buffer, at, at + keyLength);
      at += keyLength;
      byte[] value = null;
      if (op == PUT) {
        int valueLength = readVarint(at);
        at += varintSize(valueLength);
        value = Arrays.copyOfRange(buffer, at, at + valueLength);
        at += valueLength;
      }
      visitor.visit(key, value);
    }
  }

  /** One operation of a batch. */
  @FunctionalInterface
  interface Visitor {
    void visit(byte[] key, byte[] value);
  }

  private void writeBytes(byte[] bytes) {
    writeLength(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void writeLength(int n) {
    while ((n & ~0x7F) != 0) {
      buffer[size++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buffer[size++] = (byte) n;
  }

  private int readVarint(int at) {
    int result = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = buffer[at++];
      result |= (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
  }

  private static int varintSize(int n) {
    int bytes = 1;
    while ((n & ~0x7F) != 0) {
      n >>>= 7;
      bytes++;
    }
    return bytes;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
