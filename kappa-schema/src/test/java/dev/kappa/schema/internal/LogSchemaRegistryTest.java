package dev.kappa.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.CorruptRegistryException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.schema.internal.RegistryEvent.ModelDefined;
import dev.kappa.schema.internal.RegistryEvent.SchemaRegistered;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on the log: one writer per log, typed failures, and a checked history. */
class LogSchemaRegistryTest {

  @TempDir Path dir;

  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
  private static final String V2 =
      "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"n\",\"type\":\"int\",\"default\":0}]}";

  @Test
  void define_whenTheAppendFails_throwsTheLogsTypedExceptionAndChangesNothing() {
    try (FailingAppendsLog log = new FailingAppendsLog(EmbeddedLog.open(dir))) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      registry.define(StreamModel.avro("a"));
      log.failAppends = true;
      assertThatThrownBy(() -> registry.define(StreamModel.avro("b")))
          .isInstanceOf(LogFailedException.class)
          .hasMessageContaining("injected");
      assertThatThrownBy(() -> registry.register("a", V1)).isInstanceOf(LogFailedException.class);
      assertThat(registry.model("b")).isEmpty();
      assertThat(registry.versions("a")).isEmpty();
    }
  }

  @Test
  void open_twiceOnOneLog_givesOneRegistry_soIdsAndVersionsNeverRepeat() {
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry first = SchemaRegistry.open(log);
      SchemaRegistry second = SchemaRegistry.open(log);
      assertThat(second).isSameAs(first);
      first.define(StreamModel.avro("a"));
      second.define(StreamModel.avro("b"));
      SchemaVersion a1 = first.register("a", V1);
      SchemaVersion b1 = second.register("b", V1);
      SchemaVersion a2 = second.register("a", V2);
      assertThat(List.of(a1.id(), b1.id(), a2.id())).containsExactly(1, 2, 3);
      assertThat(a2.version()).isEqualTo(2);
    }
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry reopened = SchemaRegistry.open(log);
      assertThat(reopened.versions("a")).extracting(SchemaVersion::id).containsExactly(1, 3);
      assertThat(reopened.byId(2).stream()).isEqualTo("b");
    }
  }

  @Test
  void open_onAnotherLogInstance_givesAnotherRegistry() {
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry.open(log).define(StreamModel.avro("a"));
    }
    try (Log log = EmbeddedLog.open(dir)) {
      assertThat(SchemaRegistry.open(log).model("a")).isPresent();
    }
  }

  @Test
  void change_afterAnotherWriterAppendedToTheStream_isRefused() {
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      registry.define(StreamModel.avro("a"));
      write(log, new ModelDefined(StreamModel.avro("sneaky")));
      assertThatThrownBy(() -> registry.define(StreamModel.avro("b")))
          .isInstanceOf(CorruptRegistryException.class)
          .hasMessageContaining("offset 2")
          .hasMessageContaining("another writer");
      assertThat(registry.model("b")).isEmpty();
    }
  }

  @Test
  void replay_duplicateId_failsNamingTheOffset() {
    assertReplayFails(
        List.of(
            new ModelDefined(StreamModel.avro("a")),
            new ModelDefined(StreamModel.avro("b")),
            new SchemaRegistered("a", 1, 1, V1),
            new SchemaRegistered("b", 1, 1, V1)),
        3,
        "id 1 is already taken by version 1 of stream 'a'");
  }

  @Test
  void replay_decreasingId_failsNamingTheOffset() {
    assertReplayFails(
        List.of(
            new ModelDefined(StreamModel.avro("a")),
            new SchemaRegistered("a", 1, 5, V1),
            new SchemaRegistered("a", 2, 4, V2)),
        2,
        "id 4 does not increase past the last id 5");
  }

  @Test
  void replay_versionGap_failsNamingTheOffset() {
    assertReplayFails(
        List.of(
            new ModelDefined(StreamModel.avro("a")),
            new SchemaRegistered("a", 1, 1, V1),
            new SchemaRegistered("a", 3, 2, V2)),
        2,
        "gets version 3 but has 1 version(s)");
  }

  @Test
  void replay_repeatedVersion_failsNamingTheOffset() {
    assertReplayFails(
        List.of(
            new ModelDefined(StreamModel.avro("a")),
            new SchemaRegistered("a", 1, 1, V1),
            new SchemaRegistered("a", 1, 2, V2)),
        2,
        "gets version 1 but has 1 version(s)");
  }

  @Test
  void replay_unreadableRecord_failsNamingTheOffset() {
    try (Log log = EmbeddedLog.open(dir)) {
      write(log, new ModelDefined(StreamModel.avro("a")));
      log.append(SchemaRegistry.STREAM, 0, List.of(NewRecord.ofUtf8("{\"type\":\"nope\"}"))).join();
    }
    try (Log log = EmbeddedLog.open(dir)) {
      assertThatThrownBy(() -> SchemaRegistry.open(log))
          .isInstanceOf(CorruptRegistryException.class)
          .hasMessageContaining("offset 1")
          .hasMessageContaining("unreadable")
          .satisfies(e -> assertThat(((CorruptRegistryException) e).offset()).isEqualTo(1));
    }
  }

  /**
   * A reader that sees a version in a stream's list can resolve its id: versions are published by
   * id first. Races a reader against many registrations; can only catch a wrong order when the
   * reader runs between the two publications, so it is a smoke test, not a proof.
   */
  @Test
  void versionsListedForAStream_alwaysResolveById() throws Exception {
    try (Log log = EmbeddedLog.open(dir)) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      registry.define(StreamModel.avro("a").withCompatibility(dev.kappa.schema.Compatibility.NONE));
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (!Thread.currentThread().isInterrupted()) {
                        registry.latest("a").ifPresent(v -> registry.byId(v.id()));
                      }
                    } catch (RuntimeException e) {
                      failed.set(e);
                    }
                  });
      List<SchemaVersion> registered = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        registered.add(
            registry.register(
                "a",
                "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"f"
                    + i
                    + "\",\"type\":\"long\"}]}"));
      }
      reader.interrupt();
      reader.join();
      assertThat(failed.get()).isNull();
      assertThat(registered).extracting(SchemaVersion::version).doesNotHaveDuplicates();
    }
  }

  private void assertReplayFails(List<RegistryEvent> events, long offset, String message) {
    try (Log log = EmbeddedLog.open(dir)) {
      for (RegistryEvent event : events) {
        write(log, event);
      }
    }
    try (Log log = EmbeddedLog.open(dir)) {
      assertThatThrownBy(() -> SchemaRegistry.open(log))
          .isInstanceOf(CorruptRegistryException.class)
          .hasMessageContaining("offset " + offset)
          .hasMessageContaining(message)
          .satisfies(e -> assertThat(((CorruptRegistryException) e).offset()).isEqualTo(offset));
    }
  }

  /** Appends a registry record the way a second, unchecked writer would. */
  private static void write(Log log, RegistryEvent event) {
    if (!log.hasStream(SchemaRegistry.STREAM)) {
      log.createStream(StreamConfig.of(SchemaRegistry.STREAM, 1));
    }
    log.append(SchemaRegistry.STREAM, 0, List.of(NewRecord.of(event.toBytes()))).join();
  }
}
