package dev.kappa.server.internal.cloudevents;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code ce-*} header values as the CloudEvents HTTP binding (3.1.3.2) encodes them: a
 * sender percent-encodes the UTF-8 bytes of space, {@code "}, {@code %} and every character outside
 * printable ASCII; a receiver decodes every {@code %XX}. {@code +} is a plus sign, not a space
 * (this is not form encoding). Stateless; thread-safe.
 */
final class PercentEncoding {

  private PercentEncoding() {}

  /**
   * The decoded value.
   *
   * @throws IllegalArgumentException if a {@code %} is not followed by two hex digits, or the
   *     decoded bytes are not UTF-8
   */
  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
      if (low < 0) {
        throw new IllegalArgumentException(
            "'%' at position " + i + " is not followed by two hex digits ('%' itself is '%25')");
      }
      bytes.write(high << 4 | low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the percent-decoded bytes are not UTF-8", e);
    }
  }
}
