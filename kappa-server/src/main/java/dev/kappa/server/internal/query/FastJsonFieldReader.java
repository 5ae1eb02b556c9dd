package dev.kappa.server.internal.query;

import dev.kappa.log.RecordView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads dotted paths out of JSON object values by scanning the bytes in place: no copy, no parser,
 * no tree. It handles what events usually are (objects of strings, numbers, booleans, nulls, nested
 * objects and arrays, without escapes in the keys or values it reads); on anything else it hands
 * the record to {@link JsonFieldReader}, which gives the same answer for well-formed JSON, so the
 * fast path is an optimisation only. Values it skips are scanned for their end, not validated.
 * Thread-safe: it keeps no state between calls.
 */
final class FastJsonFieldReader implements FieldReader {

  /** Thrown inside a scan to fall back to the full parser; carries no stack. */
  private static final class Fallback extends RuntimeException {
    Fallback() {
      super(null, null, false, false);
    }
  }

  private static final Fallback FALLBACK = new Fallback();

  private final byte[][][] segments;
  private final JsonFieldReader slow;

  FastJsonFieldReader(List<String> paths) {
    this.segments = new byte[paths.size()][][];
    for (int i = 0; i < paths.size(); i++) {
      String[] parts = paths.get(i).split("\\.");
      segments[i] = new byte[parts.length][];
      for (int s = 0; s < parts.length; s++) {
        segments[i][s] = parts[s].getBytes(StandardCharsets.UTF_8);
      }
    }
    this.slow = new JsonFieldReader(paths);
  }

  @Override
  public FieldValue[] read(RecordView record) {
    ByteBuffer b = record.value();
    FieldValue[] out = new FieldValue[segments.length];
    try {
      int at = ws(b, b.position());
      if (at >= b.limit() || b.get(at) != '{') {
        throw FALLBACK;
      }
      at = object(b, at + 1, 0, null, out);
      if (ws(b, at) != b.limit()) {
        throw FALLBACK;
      }
      return out;
    } catch (Fallback | IndexOutOfBoundsException e) {
      return slow.read(record);
    }
  }

  /**
   * Scans an object's members from just after its {@code '{'}; returns the index after its {@code
   * '}'}. {@code matched} says which paths match the keys so far (null: all, at depth 0).
   */
  private int object(ByteBuffer b, int at, int depth, boolean[] matched, FieldValue[] out) {
    at = ws(b, at);
    if (b.get(at) == '}') {
      return at + 1;
    }
    while (true) {
      if (b.get(at) != '"') {
        throw FALLBACK;
      }
      int keyStart = at + 1;
      int keyEnd = keyStart;
      while (b.get(keyEnd) != '"') {
        if (b.get(keyEnd) == '\\') {
          throw FALLBACK;
        }
        keyEnd++;
      }
      at = ws(b, keyEnd + 1);
      if (b.get(at) != ':') {
        throw FALLBACK;
      }
      at = ws(b, at + 1);
      boolean[] nested = null;
      boolean scalarWanted = false;
      for (int i = 0; i < segments.length; i++) {
        byte[][] path = segments[i];
        if ((matched == null || matched[i])
            && path.length > depth
            && same(b, keyStart, keyEnd, path[depth])) {
          if (path.length == depth + 1) {
            scalarWanted = true;
          } else {
            if (nested == null) {
              nested = new boolean[segments.length];
            }
            nested[i] = true;
          }
        }
      }
      byte c = b.get(at);
      if (c == '{' && nested != null) {
        at = object(b, at + 1, depth + 1, nested, out);
      } else if (scalarWanted) {
        at = scalar(b, at, keyStart, keyEnd, depth, matched, out);
      } else {
        at = skip(b, at);
      }
      at = ws(b, at);
      c = b.get(at);
      if (c == '}') {
        return at + 1;
      }
      if (c != ',') {
        throw FALLBACK;
      }
      at = ws(b, at + 1);
    }
  }

  /** Reads the scalar at {@code at} into every path ending in this key; returns the index after. */
  private int scalar(
      ByteBuffer b,
      int at,
      int keyStart,
      int keyEnd,
      int depth,
      boolean[] matched,
      FieldValue[] out) {
    byte c = b.get(at);
    FieldValue value;
    int end;
    if (c == '"') {
      end = at + 1;
      while (b.get(end) != '"') {
        if (b.get(end) == '\\') {
          throw FALLBACK;
        }
        end++;
      }
      value = FieldValue.text(text(b, at + 1, end, StandardCharsets.UTF_8));
      end++;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      end = numberEnd(b, at);
      String text = text(b, at, end, StandardCharsets.ISO_8859_1);
      value = FieldValue.number(text, number(b, at, end, text));
    } else if (c == '{' || c == '[') {
      end = skip(b, at);
      value = null;
    } else {
      end = skip(b, at);
      int n = end - at;
      value =
          n == 4 && c == 't'
              ? FieldValue.text("true")
              : n == 5 && c == 'f' ? FieldValue.text("false") : null;
      if (value == null && !(n == 4 && c == 'n')) {
        throw FALLBACK;
      }
    }
    for (int i = 0; i < segments.length; i++) {
      byte[][] path = segments[i];
      if ((matched == null || matched[i])
          && path.length == depth + 1
          && same(b, keyStart, keyEnd, path[depth])) {
        out[i] = value;
      }
    }
    return end;
  }

  private static double number(ByteBuffer b, int at, int end, String text) {
    boolean negative = b.get(at) == '-';
    int i = negative ? at + 1 : at;
    if (end - i > 0 && end - i <= 15) {
      long n = 0;
      for (; i < end; i++) {
        byte d = b.get(i);
        if (d < '0' || d > '9') {
          return Double.parseDouble(text);
        }
        n = n * 10 + (d - '0');
      }
      return negative ? -n : n;
    }
    return Double.parseDouble(text);
  }

  private static int numberEnd(ByteBuffer b, int at) {
    int end = at + 1;
    while (end < b.limit()) {
      byte c = b.get(end);
      if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        end++;
      } else {
        break;
      }
    }
    return end;
  }

  /** The index after the value at {@code at}. */
  private static int skip(ByteBuffer b, int at) {
    byte c = b.get(at);
    if (c == '"') {
      return stringEnd(b, at);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      int i = at;
      while (true) {
        byte x = b.get(i);
        if (x == '"') {
          i = stringEnd(b, i);
          continue;
        }
        if (x == '{' || x == '[') {
          depth++;
        } else if (x == '}' || x == ']') {
          if (--depth == 0) {
            return i + 1;
          }
        }
        i++;
      }
    }
    int i = at;
    while (i < b.limit()) {
      byte x = b.get(i);
      if (x == ',' || x == '}' || x == ']' || x == ' ' || x == '\n' || x == '\r' || x == '\t') {
        break;
      }
      i++;
    }
    if (i == at) {
      throw FALLBACK;
    }
    return i;
  }

  /** The index after the string that starts at {@code at} (its opening quote). */
  private static int stringEnd(ByteBuffer b, int at) {
    int i = at + 1;
    while (true) {
      byte x = b.get(i);
      if (x == '\\') {
        i += 2;
      } else if (x == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
  }

  private static int ws(ByteBuffer b, int at) {
    while (at < b.limit()) {
      byte c = b.get(at);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      at++;
    }
    return at;
  }

  private static boolean same(ByteBuffer b, int start, int end, byte[] name) {
    if (end - start != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (b.get(start + i) != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static String text(ByteBuffer b, int start, int end, java.nio.charset.Charset charset) {
    byte[] bytes = new byte[end - start];
    b.get(start, bytes);
    return new String(bytes, charset);
  }
}
