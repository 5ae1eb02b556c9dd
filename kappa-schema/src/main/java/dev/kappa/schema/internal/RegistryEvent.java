package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.schema.Compatibility;
import dev.kappa.schema.StreamModel;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One change to the registry, as stored in a record of its stream: a JSON object, either {@code
 * {"type":"model","stream":…,"kind":"AVRO"|"SCHEMALESS","compatibility":…,"eventTimeField":…}} or
 * {@code {"type":"schema","stream":…,"version":…,"id":…,"schema":"<Avro schema JSON text>"}}.
 */
sealed interface RegistryEvent {

  ObjectMapper JSON = new ObjectMapper();

  /** A model was defined or changed. */
  record ModelDefined(StreamModel model) implements RegistryEvent {}

  /** A schema version was registered. */
  record SchemaRegistered(String stream, int version, int id, String schema)
      implements RegistryEvent {}

  default byte[] toBytes() {
    ObjectNode node = JSON.createObjectNode();
    switch (this) {
      case ModelDefined(StreamModel m) -> {
        node.put("type", "model").put("stream", m.stream()).put("kind", m.kind().name());
        node.put("compatibility", m.compatibility().name())
            .put("eventTimeField", m.eventTimeField());
      }
      case SchemaRegistered(String stream, int version, int id, String schema) ->
          node.put("type", "schema")
              .put("stream", stream)
              .put("version", version)
              .put("id", id)
              .put("schema", schema);
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RegistryEvent parse(byte[] bytes) throws IOException {
    JsonNode node = JSON.readTree(bytes);
    String type = node.path("type").asText();
    return switch (type) {
      case "model" ->
          new ModelDefined(
              new StreamModel(
                  node.get("stream").asText(),
                  StreamModel.Kind.valueOf(node.get("kind").asText()),
                  Compatibility.valueOf(node.get("compatibility").asText()),
                  node.path("eventTimeField").isTextual()
                      ? node.get("eventTimeField").asText()
                      : null));
      case "schema" ->
          new SchemaRegistered(
              node.get("stream").asText(),
              node.get("version").asInt(),
              node.get("id").asInt(),
              node.get("schema").asText());
      default -> throw new IOException("unknown registry event type '" + type + "'");
    };
  }
}
