package dev.kappa.server.internal.cloudevents;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code ce-*} header values as the CloudEvents HTTP binding (3.1.3.2) says a receiver
 * must: a value in double quotes (RFC 7230 quoted-string, from older senders) is unquoted first,
 * then every {@code %XX} is one byte of UTF-8. {@code +} is a plus sign, not a space (this is not
 * form encoding).
 *
 * <p>Two senders' habits are tolerated rather than refused: values that need no encoding but are
 * encoded anyway (the spec requires accepting them), and a {@code %} not followed by two hex
 * digits, kept as a literal {@code %}, because the Java and Go SDKs send values without
 * percent-encoding (sdk-java#748). Decoded bytes that are not UTF-8 are refused, as the spec
 * requires.
 *
 * <p>Stateless; thread-safe.
 */
final class PercentEncoding {

  private PercentEncoding() {}

  /**
   * The decoded value.
   *
   * @throws IllegalArgumentException if the percent-decoded bytes are not UTF-8
   */
  static String decode(String value) {
    String text = unquote(value);
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
      if (low >= 0) {
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "'" + value + "' percent-decodes to bytes that are not UTF-8", e);
    }
  }

  /** The content of a quoted-string, backslash escapes resolved; any other value as it is. */
  private static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
