package dev.kappa.cli.internal;

import dev.kappa.log.Log;
import dev.kappa.schema.JsonValues;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * How {@code kappa read} shows a record's value: values of a stream with an Avro model are decoded
 * with the schema they were written with, resolved to the stream's latest schema, and shown as
 * plain JSON (timestamps as ISO-8601, as the HTTP API shows them); every other value, and any value
 * that does not decode, is its bytes as UTF-8. Thread-safe.
 */
@FunctionalInterface
interface ValueText {

  /** The text of {@code value}; does not move the buffer's position. */
  String text(ByteBuffer value);

  /** Every value as UTF-8. */
  ValueText UTF8 = RecordPrinter::utf8;

  /**
   * The decoding for {@code stream}'s values. Opens the schema registry only if the log has one, so
   * reading a log without schemas writes nothing.
   */
  static ValueText forStream(Log log, String stream) {
    if (!log.hasStream(SchemaRegistry.STREAM)) {
      return UTF8;
    }
    SchemaRegistry registry = SchemaRegistry.open(log);
    boolean avro = registry.model(stream).map(m -> m.kind() == StreamModel.Kind.AVRO).orElse(false);
    Optional<SchemaVersion> latest = avro ? registry.latest(stream) : Optional.empty();
    if (latest.isEmpty()) {
      return UTF8;
    }
    return value -> {
      try {
        return JsonValues.toJson(registry.codec().decode(value.duplicate(), latest.get().schema()))
            .toString();
      } catch (RuntimeException notAvro) {
        return RecordPrinter.utf8(value);
      }
    };
  }
}
