package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.TestServer.Reply;
import dev.kappa.server.internal.http.Route;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the served routes are the same set: every route is documented, and every
 * documented path and method is served.
 */
class OpenApiSyncTest {

  @TempDir Path dir;

  @Test
  void everyRouteIsDocumented_andEveryDocumentedOperationIsServed() {
    try (TestServer server = TestServer.start(dir)) {
      server.avroStream(
          "s",
          1,
          "{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
      JsonNode doc = server.get("/openapi.json").json();
      assertThat(doc.get("openapi").asText()).startsWith("3.");

      List<String> routes = new ArrayList<>();
      for (Route route : server.server.routes()) {
        routes.add(route.operation().method() + " " + route.operation().path());
      }
      List<String> documented = new ArrayList<>();
      for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
        for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
          documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
      assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);

      for (String operation : documented) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path =
            operation
                .substring(operation.indexOf(' ') + 1)
                .replace("{stream}", "s")
                .replace("{version}", "latest")
                .replace("{view}", "test-page-counts")
                .replace("{viewVersion}", "2")
                .replace("{build}", "1")
                .replace("{id}", "no-such-query");
        HttpRequest.Builder request =
            HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        if (method.equals("GET")) {
          request = HttpRequest.newBuilder(server.uri(path)).GET();
        }
        Reply reply = server.send(request);
        // A 404 of the thing named (such as unknown_query) still shows the route is served.
        assertThat(reply.status()).as(operation + " -> " + reply).isNotEqualTo(405);
        if (reply.status() == 404) {
          assertThat(reply.errorCode()).as(operation + " -> " + reply).isNotEqualTo("not_found");
        }
      }
    }
  }

  @Test
  void everyOperationDocumentsItsResponsesAndTheSharedErrorSchema() {
    try (TestServer server = TestServer.start(dir)) {
      JsonNode doc = server.get("/openapi.json").json();
      JsonNode codes = doc.at("/components/schemas/Error/properties/error/properties/code/enum");
      List<String> enumCodes = new ArrayList<>();
      codes.forEach(c -> enumCodes.add(c.asText()));
      assertThat(enumCodes).contains("unknown_stream", "json_limits", "not_found", "internal");
      for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
        for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
          JsonNode operation = op.getValue();
          String name = op.getKey() + " " + path.getKey();
          assertThat(operation.get("operationId").asText()).as(name).isNotBlank();
          assertThat(operation.get("summary").asText()).as(name).isNotBlank();
          assertThat(operation.get("responses").properties())
              .as(name)
              .anyMatch(r -> r.getKey().startsWith("2"));
          operation
              .get("responses")
              .properties()
              .forEach(
                  r -> {
                    if (!r.getKey().startsWith("2")) {
                      assertThat(r.getValue().at("/content/application~1json/schema/$ref").asText())
                          .as(name + " " + r.getKey())
                          .isEqualTo("#/components/schemas/Error");
                    }
                  });
          if (path.getKey().contains("{")) {
            assertThat(operation.get("parameters").toString()).as(name).contains("\"in\":\"path\"");
          }
        }
      }
      assertThat(
              doc.at("/paths/~1streams~1{stream}~1events/post/requestBody/content")
                  .has("application/cloudevents-batch+json"))
          .isTrue();
    }
  }
}
