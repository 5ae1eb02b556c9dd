package dev.kappa.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryTest {

  @TempDir Path dir;

  private static final String V1 = CompatibilityMatrixTest.record(CompatibilityMatrixTest.ID);
  private static final String V2 =
      CompatibilityMatrixTest.record(
          CompatibilityMatrixTest.ID, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}");

  @Test
  void registry_survivesRestart_withVersionsIdsAndModels() {
    SchemaVersion a1;
    SchemaVersion b1;
    SchemaVersion a2;
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      registry.define(StreamModel.avro("a").withEventTimeField("ts"));
      registry.define(StreamModel.avro("b").withCompatibility(Compatibility.FULL));
      registry.define(StreamModel.schemaless("raw"));
      a1 = registry.register("a", V1);
      b1 = registry.register("b", V1);
      a2 = registry.register("a", V2);
    }
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      assertThat(registry.models())
          .containsExactly(
              StreamModel.avro("a").withEventTimeField("ts"),
              StreamModel.avro("b").withCompatibility(Compatibility.FULL),
              StreamModel.schemaless("raw"));
      assertThat(registry.versions("a")).containsExactly(a1, a2);
      assertThat(registry.byId(b1.id())).isEqualTo(b1);
      assertThat(List.of(a1.id(), b1.id(), a2.id())).doesNotHaveDuplicates();
      SchemaVersion next = registry.register("b", V2);
      assertThat(next.version()).isEqualTo(2);
      assertThat(next.id()).isGreaterThan(a2.id());
    }
  }

  @Test
  void register_sameSchemaAgain_returnsTheExistingVersion() {
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      registry.define(StreamModel.avro("a"));
      SchemaVersion first = registry.register("a", V1);
      assertThat(registry.register("a", V1)).isEqualTo(first);
      assertThat(registry.versions("a")).hasSize(1);
    }
  }

  @Test
  void badInput_isTyped() {
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      assertThatThrownBy(() -> registry.register("nomodel", V1))
          .isInstanceOf(UnknownSchemaException.class);
      registry.define(StreamModel.avro("a"));
      assertThatThrownBy(() -> registry.register("a", "{not json"))
          .isInstanceOf(InvalidSchemaException.class);
      assertThatThrownBy(() -> registry.register("a", "\"string\""))
          .isInstanceOf(InvalidSchemaException.class)
          .hasMessageContaining("record");
      registry.define(StreamModel.schemaless("raw"));
      assertThatThrownBy(() -> registry.register("raw", V1))
          .isInstanceOf(ModelConflictException.class);
      registry.register("a", V1);
      assertThatThrownBy(() -> registry.define(StreamModel.schemaless("a")))
          .isInstanceOf(ModelConflictException.class);
      assertThatThrownBy(() -> registry.version("a", 2))
          .isInstanceOf(UnknownSchemaException.class)
          .hasMessageContaining("versions 1..1");
      assertThatThrownBy(() -> registry.byId(999)).isInstanceOf(UnknownSchemaException.class);
      assertThatThrownBy(
              () ->
                  registry.register(
                      "a",
                      "{\"type\":\"record\",\"name\":\"E\",\"fields\":"
                          + "[{\"name\":\"x\",\"type\":\"nope\"}]}"))
          .isInstanceOf(InvalidSchemaException.class)
          .hasMessageContaining("nope");
    }
  }

  @Test
  void define_avroOnAStreamHoldingSchemalessRecords_isRefused() {
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      log.createStream(dev.kappa.log.StreamConfig.of("raw", 1));
      registry.define(StreamModel.schemaless("raw"));
      log.append("raw", 0, List.of(dev.kappa.log.NewRecord.ofUtf8("hello"))).join();
      assertThatThrownBy(() -> registry.define(StreamModel.avro("raw")))
          .isInstanceOf(ModelConflictException.class)
          .hasMessageContaining("schemaless records");
      log.createStream(dev.kappa.log.StreamConfig.of("empty", 1));
      registry.define(StreamModel.schemaless("empty"));
      assertThat(registry.define(StreamModel.avro("empty")).schemaless()).isFalse();
    }
  }
}
