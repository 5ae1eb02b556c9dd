package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.TestServer.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema endpoints under {@code /streams/{stream}/schemas}. */
class SchemasApiTest {

  private static final String V1 =
      """
      {"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}""";

  /** V1 plus a field with a default: BACKWARD compatible. */
  private static final String V2 =
      """
      {"type":"record","name":"Order","fields":[{"name":"id","type":"string"},\
      {"name":"qty","type":"int","default":1}]}""";

  /** V1 plus a field without a default: not BACKWARD compatible. */
  private static final String BREAKING =
      """
      {"type":"record","name":"Order","fields":[{"name":"id","type":"string"},\
      {"name":"price","type":"double"}]}""";

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    assertThat(server.put("/streams/orders", "{}").status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void register_newSchema_is201WithVersionIdAndSchema() {
    Reply reply = server.postJson("/streams/orders/schemas", V1);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().get("stream").asText()).isEqualTo("orders");
    assertThat(reply.json().get("version").asInt()).isEqualTo(1);
    assertThat(reply.json().get("id").asInt()).isPositive();
    assertThat(reply.json().at("/schema/fields/0/name").asText()).isEqualTo("id");
  }

  @Test
  void register_identicalSchema_is200WithTheExistingVersion() {
    JsonNode first = server.postJson("/streams/orders/schemas", V1).json();
    Reply again = server.postJson("/streams/orders/schemas", "{\"schema\":" + V1 + "}");
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().get("version").asInt()).isEqualTo(first.get("version").asInt());
    assertThat(again.json().get("id").asInt()).isEqualTo(first.get("id").asInt());
    String quoted = TestServer.JSON.getNodeFactory().textNode(V1).toString();
    Reply asString = server.postJson("/streams/orders/schemas", "{\"schema\":" + quoted + "}");
    assertThat(asString.status()).isEqualTo(200);
    assertThat(server.get("/streams/orders/schemas").json().get("versions")).hasSize(1);
  }

  @Test
  void register_compatibleEvolution_isTheNextVersion() {
    server.postJson("/streams/orders/schemas", V1);
    Reply reply = server.postJson("/streams/orders/schemas", V2);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().get("version").asInt()).isEqualTo(2);
  }

  @Test
  void register_incompatibleSchema_is409ListingTheIncompatibilities() {
    server.postJson("/streams/orders/schemas", V1);
    Reply reply = server.postJson("/streams/orders/schemas", BREAKING);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo("incompatible_schema");
    assertThat(reply.json().at("/error/compatibility").asText()).isEqualTo("BACKWARD");
    JsonNode incompatibilities = reply.json().at("/error/incompatibilities");
    assertThat(incompatibilities).isNotEmpty();
    JsonNode first = incompatibilities.get(0);
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("direction").asText()).isEqualTo("backward");
    assertThat(first.get("kind").asText()).isEqualTo("READER_FIELD_MISSING_DEFAULT_VALUE");
    assertThat(first.get("location").asText()).isNotBlank();
    assertThat(first.get("message").asText()).contains("price");
    assertThat(server.get("/streams/orders/schemas").json().get("versions")).hasSize(1);
  }

  @Test
  void register_invalidSchemas_are400() {
    for (String bad :
        new String[] {
          "{\"type\":\"string\"}",
          "{\"type\":\"record\",\"name\":\"X\"}",
          "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nope\"}]}",
          "[1,2]",
          "{\"schema\":42}"
        }) {
      Reply reply = server.postJson("/streams/orders/schemas", bad);
      assertThat(reply.status()).as(bad + " -> " + reply).isEqualTo(400);
      assertThat(reply.errorCode()).as(bad).isEqualTo("invalid_schema");
    }
    assertThat(server.get("/streams/orders/schemas").json().get("versions")).isEmpty();
  }

  @Test
  void register_onASchemalessStream_is409ModelConflict() {
    server.schemalessStream("logs", 1);
    Reply reply = server.postJson("/streams/logs/schemas", V1);
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo("model_conflict");
  }

  @Test
  void register_onAnUnknownStream_is404() {
    Reply reply = server.postJson("/streams/nope/schemas", V1);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorCode()).isEqualTo("unknown_stream");
  }

  @Test
  void listAndGet_returnEveryVersionOldestFirst() {
    int id1 = server.postJson("/streams/orders/schemas", V1).json().get("id").asInt();
    int id2 = server.postJson("/streams/orders/schemas", V2).json().get("id").asInt();

    JsonNode versions = server.get("/streams/orders/schemas").json().get("versions");
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
    assertThat(versions.get(0).get("id").asInt()).isEqualTo(id1);
    assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
    assertThat(versions.get(1).get("id").asInt()).isEqualTo(id2);

    assertThat(server.get("/streams/orders/schemas/1").json().get("id").asInt()).isEqualTo(id1);
    JsonNode latest = server.get("/streams/orders/schemas/latest").json();
    assertThat(latest.get("version").asInt()).isEqualTo(2);
    assertThat(latest.at("/schema/fields/1/name").asText()).isEqualTo("qty");
  }

  @Test
  void get_unknownOrBadVersion_is404Or400() {
    Reply none = server.get("/streams/orders/schemas/latest");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.errorCode()).isEqualTo("unknown_schema");
    server.postJson("/streams/orders/schemas", V1);
    assertThat(server.get("/streams/orders/schemas/9").errorCode()).isEqualTo("unknown_schema");
    Reply bad = server.get("/streams/orders/schemas/first");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("invalid_request");
  }

  @Test
  void check_isADryRunThatRegistersNothing() {
    server.postJson("/streams/orders/schemas", V1);

    Reply compatible = server.postJson("/streams/orders/schemas/check", V2);
    assertThat(compatible.status()).isEqualTo(200);
    assertThat(compatible.json().get("compatible").asBoolean()).isTrue();
    assertThat(compatible.json().get("incompatibilities")).isEmpty();

    Reply incompatible = server.postJson("/streams/orders/schemas/check", BREAKING);
    assertThat(incompatible.status()).isEqualTo(200);
    assertThat(incompatible.json().get("compatible").asBoolean()).isFalse();
    assertThat(incompatible.json().get("compatibility").asText()).isEqualTo("BACKWARD");
    assertThat(incompatible.json().at("/incompatibilities/0/kind").asText())
        .isEqualTo("READER_FIELD_MISSING_DEFAULT_VALUE");

    assertThat(server.get("/streams/orders/schemas").json().get("versions")).hasSize(1);
  }
}
