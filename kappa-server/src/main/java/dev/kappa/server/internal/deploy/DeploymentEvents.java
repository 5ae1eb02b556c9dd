package dev.kappa.server.internal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a {@link DeploymentEvent}, as stored on the log and served over HTTP:
 *
 * <pre>{@code
 * {"action":"PROMOTE","view":"page-views","build":2,"version":2,"fromBuild":1,"fromVersion":1,
 *  "fingerprint":null,"start":{},"end":{},"asOf":null,"autoCutover":false,"actor":"kappa",
 *  "at":"2026-12-01T10:15:30Z","reason":"caught up"}
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class DeploymentEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeploymentEvents() {}

  public static ObjectNode toJson(DeploymentEvent e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("action", e.action().name());
    node.put("view", e.view());
    node.put("build", e.build());
    node.put("version", e.version());
    node.put("fromBuild", e.fromBuild());
    node.put("fromVersion", e.fromVersion());
    node.put("fingerprint", e.fingerprint());
    node.set("start", offsets(e.start()));
    node.set("end", offsets(e.end()));
    if (e.asOf() == null) {
      node.putNull("asOf");
    } else {
      node.put("asOf", Instant.ofEpochMilli(e.asOf()).toString());
    }
    node.put("autoCutover", e.autoCutover());
    node.put("actor", e.actor());
    node.put("at", e.at().toString());
    node.put("reason", e.reason());
    return node;
  }

  public static byte[] encode(DeploymentEvent e) {
    try {
      return JSON.writeValueAsBytes(toJson(e));
    } catch (IOException ex) {
      throw new IllegalStateException("a deployment event did not encode: " + ex, ex);
    }
  }

  /**
   * @throws IllegalArgumentException if {@code bytes} is not a deployment event
   */
  public static DeploymentEvent decode(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      JsonNode asOf = n.path("asOf");
      return new DeploymentEvent(
          Action.valueOf(n.path("action").asText()),
          text(n, "view"),
          n.path("build").asLong(),
          n.path("version").asInt(),
          n.path("fromBuild").asLong(),
          n.path("fromVersion").asInt(),
          n.path("fingerprint").isNull() ? null : n.path("fingerprint").asText(null),
          offsets(n.path("start")),
          offsets(n.path("end")),
          asOf.isTextual() ? Instant.parse(asOf.asText()).toEpochMilli() : null,
          n.path("autoCutover").asBoolean(false),
          text(n, "actor"),
          Instant.parse(text(n, "at")),
          n.path("reason").isNull() ? null : n.path("reason").asText(null));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a deployment event: " + e.getMessage(), e);
    }
  }

  public static ObjectNode offsets(Map<String, List<Long>> offsets) {
    ObjectNode node = JSON.createObjectNode();
    new TreeMap<>(offsets).forEach((stream, list) -> list.forEach(node.putArray(stream)::add));
    return node;
  }

  private static Map<String, List<Long>> offsets(JsonNode node) {
    Map<String, List<Long>> offsets = new TreeMap<>();
    node.properties()
        .forEach(
            field -> {
              List<Long> list = new ArrayList<>();
              field.getValue().forEach(offset -> list.add(offset.asLong()));
              offsets.put(field.getKey(), list);
            });
    return offsets;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is missing");
    }
    return value.asText();
  }
}
