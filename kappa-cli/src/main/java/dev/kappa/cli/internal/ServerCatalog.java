package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.cli.internal.http.HttpReply;
import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.cli.internal.http.ServerCallException;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.schema.Compatibility;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.Incompatibility;
import dev.kappa.schema.IncompatibleSchemaException;
import dev.kappa.schema.StreamModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@link Catalog} of a running server, through {@code PUT /streams/{stream}} and the {@code
 * /streams/{stream}/schemas} endpoints. Server errors surface as {@link ServerCallException}s with
 * the server's message, except those the commands treat specially ({@code incompatible_schema}
 * becomes an {@link IncompatibleSchemaException} with the full report). Not thread-safe.
 */
final class ServerCatalog implements Catalog {

  private static final String JSON = "application/json";

  private final KappaHttpClient http;

  ServerCatalog(KappaHttpClient http) {
    this.http = http;
  }

  /**
   * {@code PUT /streams/{stream}}, after checking with a {@code GET} that the stream does not exist
   * yet: creating never silently updates an existing stream. Without model flags the stream is made
   * schemaless, which ingests like a plain log stream made without {@code --server}.
   */
  @Override
  public Created create(StreamConfig config, ModelOptions options) {
    String path = "/streams/" + config.name();
    HttpReply existing = http.get(path);
    if (existing.ok()) {
      throw new StreamExistsException(config.name());
    }
    if (existing.status() != 404) {
      throw existing.toException();
    }
    JsonNode reply = http.put(path, body(config, options)).orThrow().json();
    JsonNode schema = reply.path("schemaVersion");
    return new Created(model(config.name(), reply), schema.isObject() ? info(schema) : null);
  }

  private static ObjectNode body(StreamConfig config, ModelOptions options) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("partitions", config.partitions());
    ObjectNode retention = body.putObject("retention");
    if (config.retention().maxAge() == null) {
      retention.putNull("ms");
    } else {
      retention.put("ms", config.retention().maxAge().toMillis());
    }
    if (config.retention().maxBytes() < 0) {
      retention.putNull("bytes");
    } else {
      retention.put("bytes", config.retention().maxBytes());
    }
    body.put("schemaless", options.isEmpty() || Boolean.TRUE.equals(options.schemaless()));
    if (options.compatibility() != null) {
      body.put("compatibility", options.compatibility().name());
    }
    if (options.eventTimeField() != null) {
      body.put("eventTimeField", options.eventTimeField());
    }
    if (options.schema() != null) {
      body.put("schema", SchemaTexts.unwrap(options.schema()));
    }
    return body;
  }

  private static StreamModel model(String stream, JsonNode reply) {
    String kind = reply.path("model").asText("none");
    if (kind.equals("none")) {
      return null;
    }
    return new StreamModel(
        stream,
        StreamModel.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
        Compatibility.valueOf(reply.path("compatibility").asText()),
        reply.path("eventTimeField").isTextual() ? reply.path("eventTimeField").asText() : null);
  }

  @Override
  public Registration register(String stream, String schema) {
    StreamConfig.validateName(stream);
    HttpReply reply = http.post(schemasPath(stream), utf8(schema), JSON);
    if (!reply.ok()) {
      ServerCallException error = reply.toException();
      if ("incompatible_schema".equals(error.code())) {
        JsonNode details = error.error();
        throw new IncompatibleSchemaException(
            stream, report(Compatibility.valueOf(details.path("compatibility").asText()), details));
      }
      throw error;
    }
    return new Registration(info(reply.json()), reply.status() == 201);
  }

  @Override
  public List<SchemaInfo> versions(String stream) {
    StreamConfig.validateName(stream);
    List<SchemaInfo> versions = new ArrayList<>();
    http.get(schemasPath(stream))
        .orThrow()
        .json()
        .path("versions")
        .forEach(v -> versions.add(info(v)));
    return versions;
  }

  @Override
  public CompatibilityReport check(String stream, String schema) {
    StreamConfig.validateName(stream);
    JsonNode reply = http.post(schemasPath(stream) + "/check", utf8(schema), JSON).orThrow().json();
    return report(Compatibility.valueOf(reply.path("compatibility").asText()), reply);
  }

  /** A report from a node holding {@code incompatibilities}. */
  private static CompatibilityReport report(Compatibility rule, JsonNode node) {
    List<Incompatibility> list = new ArrayList<>();
    for (JsonNode i : node.path("incompatibilities")) {
      list.add(
          new Incompatibility(
              i.path("version").asInt(),
              i.path("direction").asText(),
              i.path("location").asText(),
              i.path("kind").asText(),
              i.path("message").asText()));
    }
    return new CompatibilityReport(rule, list);
  }

  private static SchemaInfo info(JsonNode version) {
    return new SchemaInfo(
        version.path("version").asInt(),
        version.path("id").asInt(),
        version.path("schema").toString());
  }

  private static String schemasPath(String stream) {
    return "/streams/" + stream + "/schemas";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
