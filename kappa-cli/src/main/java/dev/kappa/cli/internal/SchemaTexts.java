package dev.kappa.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Schema files as the commands take them, and the one-line field summaries they print. A schema
 * file holds an Avro record schema, or {@code {"schema": …}} wrapping one (as an object or a
 * string), exactly what the server's schema endpoints accept.
 */
final class SchemaTexts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaTexts() {}

  /**
   * The text of {@code file}, or of {@code stdin} when {@code file} is {@code -}.
   *
   * @throws CommandFailedException if the file cannot be read
   */
  static String read(String file, InputStream stdin) {
    try {
      byte[] bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandFailedException("cannot read " + file + ": " + CliErrors.message(e), e);
    }
  }

  /** The schema a file's text holds, unwrapping {@code {"schema": …}}; other text as it is. */
  static String unwrap(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException notJson) {
      return text; // the registry names the parse error
    }
    if (node != null && node.isObject() && node.size() == 1 && node.has("schema")) {
      node = node.get("schema");
    }
    if (node != null && node.isTextual()) {
      return node.textValue();
    }
    return node == null ? text : node.toString();
  }

  /**
   * The top-level fields of a record schema, such as {@code user:string, ts:timestamp-millis,
   * tags:array<string>, note:null|string}; the text itself if it is not a record schema.
   */
  static String fields(String schema) {
    JsonNode node;
    try {
      node = JSON.readTree(schema);
    } catch (JsonProcessingException e) {
      return schema;
    }
    if (node == null || !node.path("fields").isArray()) {
      return schema;
    }
    StringJoiner joiner = new StringJoiner(", ");
    for (JsonNode field : node.get("fields")) {
      joiner.add(field.path("name").asText() + ":" + type(field.path("type")));
    }
    return joiner.toString();
  }

  private static String type(JsonNode type) {
    if (type.isTextual()) {
      return type.textValue();
    }
    if (type.isArray()) {
      StringJoiner union = new StringJoiner("|");
      type.forEach(branch -> union.add(type(branch)));
      return union.toString();
    }
    if (type.has("logicalType")) {
      return type.path("logicalType").asText();
    }
    return switch (type.path("type").asText()) {
      case "array" -> "array<" + type(type.path("items")) + ">";
      case "map" -> "map<" + type(type.path("values")) + ">";
      case "fixed" -> "fixed(" + type.path("size").asInt() + ")";
      case "record", "enum" -> type.path("type").asText() + " " + type.path("name").asText();
      default -> type.path("type").asText();
    };
  }
}
