package dev.kappa.server.internal.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kappa.log.RecordView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads dotted paths out of JSON object values with Jackson's streaming parser: subtrees no path
 * goes into are skipped, nothing else is built. This is what lets an on-demand query scan millions
 * of events a second. If a path occurs twice in an object, the last occurrence wins, as in a parsed
 * tree. Thread-safe (the factory is; each call has its own parser).
 */
final class JsonFieldReader implements FieldReader {

  private static final JsonFactory FACTORY = new JsonFactory();

  private final String[] paths;
  private final Set<String> prefixes = new HashSet<>();

  JsonFieldReader(List<String> paths) {
    this.paths = paths.toArray(String[]::new);
    for (String path : paths) {
      int dot = path.indexOf('.');
      while (dot >= 0) {
        prefixes.add(path.substring(0, dot));
        dot = path.indexOf('.', dot + 1);
      }
    }
  }

  @Override
  public FieldValue[] read(RecordView record) {
    ByteBuffer value = record.value();
    byte[] bytes = new byte[value.remaining()];
    value.duplicate().get(bytes);
    FieldValue[] out = new FieldValue[paths.length];
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the value is not a JSON object");
      }
      object(parser, "", out);
    } catch (IOException e) {
      throw new UncheckedIOException("the value is not JSON: " + e.getMessage(), e);
    }
    return out;
  }

  private void object(JsonParser parser, String prefix, FieldValue[] out) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_OBJECT && prefixes.contains(path)) {
        object(parser, path, out);
        continue;
      }
      FieldValue scalar = null;
      boolean wanted = false;
      for (int i = 0; i < paths.length; i++) {
        if (paths[i].equals(path)) {
          if (!wanted) {
            scalar = scalar(parser, token);
            wanted = true;
          }
          out[i] = scalar;
        }
      }
      if (token.isStructStart()) {
        parser.skipChildren();
      }
    }
  }

  private static FieldValue scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> FieldValue.text(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          FieldValue.number(parser.getText(), parser.getDoubleValue());
      case VALUE_TRUE -> FieldValue.text("true");
      case VALUE_FALSE -> FieldValue.text("false");
      default -> null;
    };
  }
}
