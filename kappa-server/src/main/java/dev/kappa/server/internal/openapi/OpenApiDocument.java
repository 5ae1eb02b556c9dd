package dev.kappa.server.internal.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.server.internal.openapi.ApiOperation.ErrorResponse;
import dev.kappa.server.internal.openapi.ApiOperation.Parameter;
import dev.kappa.server.internal.openapi.ApiOperation.Response;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds an OpenAPI 3.1 document from {@link ApiOperation}s. Paths keep the order of the route
 * table; every error response refers to the one shared {@code Error} schema, whose {@code code} is
 * an enum of every error code the operations declare, and lists the codes of its status that the
 * operation can answer with in the extension {@code x-error-codes}.
 *
 * <p>Stateless and thread-safe; the document is built once per server.
 */
public final class OpenApiDocument {

  public static final String VERSION = "3.1.0";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private OpenApiDocument() {}

  /**
   * The document for {@code operations}.
   *
   * @param errorCodes every error code the server answers with, for the {@code Error} schema;
   *     includes those of routing ({@code not_found}, {@code method_not_allowed}) that no operation
   *     declares
   */
  public static ObjectNode build(
      String title, String apiVersion, List<ApiOperation> operations, List<String> errorCodes) {
    ObjectNode doc = JSON.objectNode();
    doc.put("openapi", VERSION);
    doc.putObject("info").put("title", title).put("version", apiVersion);
    ObjectNode paths = doc.putObject("paths");
    for (ApiOperation op : operations) {
      ObjectNode path =
          paths.has(op.path()) ? (ObjectNode) paths.get(op.path()) : paths.putObject(op.path());
      String method = op.method().toLowerCase(Locale.ROOT);
      if (path.has(method)) {
        throw new IllegalArgumentException("duplicate route " + op.method() + " " + op.path());
      }
      path.set(method, operation(op));
    }
    doc.putObject("components")
        .putObject("schemas")
        .set("Error", errorSchema(operations, errorCodes));
    return doc;
  }

  private static ObjectNode operation(ApiOperation op) {
    ObjectNode node = JSON.objectNode();
    node.put("operationId", op.operationId());
    node.put("summary", op.summary());
    if (!op.description().isEmpty()) {
      node.put("description", op.description());
    }
    if (!op.parameters().isEmpty()) {
      ArrayNode params = node.putArray("parameters");
      for (Parameter p : op.parameters()) {
        ObjectNode param = params.addObject();
        param.put("name", p.name()).put("in", p.in()).put("required", p.required());
        param.put("description", p.description());
        param.putObject("schema").put("type", p.type());
      }
    }
    if (op.requestBody() != null) {
      ObjectNode body = node.putObject("requestBody");
      body.put("required", op.requestBody().required());
      body.put("description", op.requestBody().description());
      ObjectNode content = body.putObject("content");
      op.requestBody().contentTypes().forEach(type -> content.putObject(type).putObject("schema"));
    }
    ObjectNode responses = node.putObject("responses");
    for (Response r : op.responses()) {
      // One status may come in several media types (JSON, NDJSON): one response, each content.
      String status = Integer.toString(r.status());
      if (responses.has(status)) {
        ObjectNode response = (ObjectNode) responses.get(status);
        response.put("description", response.get("description").asText() + "; " + r.description());
        ((ObjectNode) response.get("content")).putObject(r.contentType()).putObject("schema");
      } else {
        ObjectNode response = responses.putObject(status);
        response.put("description", r.description());
        response.putObject("content").putObject(r.contentType()).putObject("schema");
      }
    }
    errorsByStatus(op.errors())
        .forEach(
            (status, errors) -> {
              ObjectNode response = responses.putObject(Integer.toString(status));
              response.put(
                  "description",
                  errors.stream()
                      .map(e -> e.code() + ": " + e.description())
                      .collect(Collectors.joining("; ")));
              ArrayNode codes = response.putArray("x-error-codes");
              errors.forEach(e -> codes.add(e.code()));
              response
                  .putObject("content")
                  .putObject("application/json")
                  .putObject("schema")
                  .put("$ref", "#/components/schemas/Error");
            });
    return node;
  }

  private static Map<Integer, List<ErrorResponse>> errorsByStatus(List<ErrorResponse> errors) {
    return errors.stream()
        .collect(Collectors.groupingBy(ErrorResponse::status, TreeMap::new, Collectors.toList()));
  }

  private static ObjectNode errorSchema(
      Collection<ApiOperation> operations, List<String> errorCodes) {
    SortedSet<String> codes = new TreeSet<>(errorCodes);
    operations.forEach(op -> op.errors().forEach(e -> codes.add(e.code())));
    ObjectNode schema = JSON.objectNode().put("type", "object");
    schema.putArray("required").add("error");
    ObjectNode error = schema.putObject("properties").putObject("error").put("type", "object");
    error.putArray("required").add("code").add("message");
    error.put("additionalProperties", true);
    ObjectNode props = error.putObject("properties");
    ObjectNode code = props.putObject("code").put("type", "string");
    codes.forEach(code.putArray("enum")::add);
    props.putObject("message").put("type", "string");
    return schema;
  }
}
