package dev.kappa.server.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a configuration file into flat {@code key → value} text: {@code .properties} files as they
 * are, YAML files ({@code .yaml}, {@code .yml}) with nested maps joined by dots, so {@code
 * idempotency: {window: PT1H}} reads as {@code idempotency.window=PT1H}. Stateless and thread-safe.
 */
public final class ConfigFiles {

  private ConfigFiles() {}

  /**
   * @return the settings in file order (properties files: sorted by key)
   * @throws IllegalArgumentException if the file cannot be read or parsed, or has an unknown
   *     extension or a list value, naming the file
   */
  public static Map<String, String> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".properties")) {
        return readProperties(file);
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return readYaml(file);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read configuration " + file + ": " + e, e);
    }
    throw new IllegalArgumentException(
        "configuration " + file + " must end in .properties, .yaml or .yml");
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> values = new java.util.TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      values.put(key, properties.getProperty(key));
    }
    return values;
  }

  private static Map<String, String> readYaml(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    Map<String, String> values = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("configuration " + file + " must be a map of settings");
    }
    flatten(file, "", root, values);
    return values;
  }

  private static void flatten(Path file, String prefix, JsonNode node, Map<String, String> out) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(file, key, value, out);
      } else if (value.isArray()) {
        throw new IllegalArgumentException(
            "configuration " + file + ": setting '" + key + "' must not be a list");
      } else if (!value.isNull()) {
        out.put(key, value.asText());
      }
    }
  }
}
