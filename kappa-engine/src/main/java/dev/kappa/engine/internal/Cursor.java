package dev.kappa.engine.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where a page of results ended: the serialized key and window start of its last result. Formatted
 * as unpadded base64url of {@code [u32 key length][key][i64 window start]}; results sort by key
 * (length, then unsigned bytes) then start, so "after the cursor" is well defined. Immutable.
 */
record Cursor(byte[] key, long start) {

  String format() {
    ByteBuffer out = ByteBuffer.allocate(4 + key.length + 8).putInt(key.length).put(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.putLong(start).array());
  }

  /**
   * @return null for null
   * @throws IllegalArgumentException if {@code text} is not a cursor
   */
  static Cursor parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(text));
      int length = in.getInt();
      if (length < 0 || length != in.remaining() - 8) {
        throw new IllegalArgumentException("bad length");
      }
      byte[] key = new byte[length];
      in.get(key);
      return new Cursor(key, in.getLong());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a page cursor of this view", e);
    }
  }

  /** Whether this cursor lies before the result of {@code otherKey} at {@code otherStart}. */
  boolean before(byte[] otherKey, long otherStart) {
    int byKey =
        otherKey.length != key.length
            ? Integer.compare(key.length, otherKey.length)
            : Arrays.compareUnsigned(key, otherKey);
    return byKey < 0 || (byKey == 0 && start < otherStart);
  }
}
