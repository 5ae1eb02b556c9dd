package dev.kappa.schema;

import dev.kappa.log.Log;
import dev.kappa.schema.internal.LogSchemaRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Every stream's canonical model and schema versions, kept durably on the log itself (stream
 * {@value #STREAM}), so its history is retained like any other event and survives restarts.
 *
 * <p><b>Invariants:</b> versions of a stream are numbered 1, 2, 3… in registration order and never
 * change; ids are unique across the registry; a version is only registered if it satisfies the
 * stream's {@link Compatibility} rule at that moment; registering a schema identical to an existing
 * version returns that version.
 *
 * <p><b>Thread-safety:</b> all methods are thread-safe; changes are serialized and become visible
 * only once durable on the log.
 *
 * <p><b>Errors:</b> changes that the log fails to store throw the log's own exception (such as
 * {@link dev.kappa.log.LogFailedException}) and change nothing.
 */
public interface SchemaRegistry {

  /** The internal stream that holds the registry's history. */
  String STREAM = "_kappa.schemas";

  /**
   * The registry kept in {@code log}: the one already open for this {@code Log} instance, or a new
   * one that creates its stream if needed and replays it. There is only ever one registry per log
   * instance, because only one may write the registry's stream.
   *
   * @throws CorruptRegistryException if the stream's history breaks the invariants above (the
   *     offset of the offending record is named)
   */
  static SchemaRegistry open(Log log) {
    return LogSchemaRegistry.open(log);
  }

  /**
   * Creates or changes a stream's model.
   *
   * @throws ModelConflictException if it would switch a stream with schema versions to schemaless
   */
  StreamModel define(StreamModel model);

  Optional<StreamModel> model(String stream);

  /** Every model, sorted by stream name. */
  List<StreamModel> models();

  /**
   * Registers a new version of a stream's schema, or returns the existing identical version.
   *
   * @throws InvalidSchemaException if the text is not an Avro record schema
   * @throws IncompatibleSchemaException if it breaks the stream's compatibility rule
   * @throws UnknownSchemaException if the stream has no model
   * @throws ModelConflictException if the stream is schemaless
   */
  SchemaVersion register(String stream, String schema);

  /** Checks a candidate schema without registering it (a dry run of {@link #register}). */
  CompatibilityReport check(String stream, String schema);

  /** A stream's versions, oldest first; empty if none. */
  List<SchemaVersion> versions(String stream);

  Optional<SchemaVersion> latest(String stream);

  /**
   * @throws UnknownSchemaException if the stream has no such version
   */
  SchemaVersion version(String stream, int version);

  /**
   * @throws UnknownSchemaException if no version has this id
   */
  SchemaVersion byId(int id);

  /** Encodes and decodes values of this registry's schemas. */
  ValueCodec codec();
}
