package dev.kappa.server.internal.ingest;

import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;

/**
 * The dead-letter stream {@code <stream>.deadletter}: schemaless, one partition, created on first
 * use. Each record's value is a JSON object naming the source stream, the event's index in its
 * request, the error ({@code code}, {@code path}, {@code reason}), the content type, the
 * CloudEvents attributes and the original payload, bounded to the ingest {@code maxRecordBytes}
 * ({@link DeadLetterRecord}).
 *
 * <p>Thread-safe.
 */
final class DeadLetters {

  static final String SUFFIX = ".deadletter";

  private final Log log;
  private final SchemaRegistry registry;

  DeadLetters(Log log, SchemaRegistry registry) {
    this.log = log;
    this.registry = registry;
  }

  static String streamFor(String stream) {
    return stream + SUFFIX;
  }

  /** Creates the dead-letter stream of {@code stream} if it does not exist yet. */
  synchronized String ensure(String stream) {
    String name = streamFor(stream);
    if (!log.hasStream(name)) {
      try {
        log.createStream(StreamConfig.of(name, 1));
      } catch (StreamExistsException e) {
        // created concurrently through the log directly; fine
      }
      registry.define(StreamModel.schemaless(name));
    }
    return name;
  }

  /**
   * The dead letter of {@code event}, bounded to {@code maxRecordBytes}; see {@link
   * DeadLetterRecord}.
   */
  static NewRecord record(
      String stream, IncomingEvent event, EventError error, EventId id, int maxRecordBytes) {
    return DeadLetterRecord.build(stream, event, error, id, maxRecordBytes);
  }
}
