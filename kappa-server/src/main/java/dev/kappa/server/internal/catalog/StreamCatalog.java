package dev.kappa.server.internal.catalog;

import dev.kappa.log.Log;
import dev.kappa.log.RetentionPolicy;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.log.StreamInfo;
import dev.kappa.schema.Compatibility;
import dev.kappa.schema.ModelConflictException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.http.ApiException;
import dev.kappa.server.internal.http.ErrorCode;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Creates and describes streams: a stream is a log stream (partitions, retention) plus its model in
 * the schema registry (Avro or schemaless, compatibility, event-time field, schema versions).
 *
 * <p><b>PUT semantics:</b> a new stream is created with the given settings and defaults for the
 * rest (1 partition, kept forever, Avro, {@code BACKWARD}). For an existing stream, partitions and
 * retention must equal the given ones, else {@code stream_exists} (the log cannot change them);
 * model fields given replace the current ones, those not given are kept. A stream without a model
 * counts as schemaless; a schemaless stream holding records cannot become Avro ({@code
 * model_conflict}). A schema in the request is checked to be an Avro record, and an event-time
 * field to be a timestamp field of the schema being set or the latest one ({@link
 * EventTimeFields}), before anything is created; the schema is registered last.
 *
 * <p>Thread-safe: changes are serialized on this catalog.
 */
public final class StreamCatalog {

  private final Log log;
  private final SchemaRegistry registry;

  public StreamCatalog(Log log, SchemaRegistry registry) {
    this.log = log;
    this.registry = registry;
  }

  /**
   * What a PUT did.
   *
   * @param created whether the log stream was created by this call
   * @param schemaVersion the version the request's schema is, or null if it had none
   */
  public record PutResult(boolean created, SchemaVersion schemaVersion) {}

  /**
   * Creates the stream or checks and updates it; see the class comment.
   *
   * @throws ApiException {@code stream_exists} if partitions or retention differ
   * @throws ModelConflictException if a schemaless stream holding records would become Avro
   * @throws InvalidSchemaException, ModelConflictException, IncompatibleSchemaException from the
   *     registry
   */
  public synchronized PutResult put(String name, StreamSpec spec) {
    Schema schema = spec.schema() == null ? null : AvroSchemas.checkIsRecord(spec.schema());
    boolean exists = log.hasStream(name);
    if (exists) {
      checkSameLogSettings(log.describeStream(name).config(), spec);
    }
    // A stream without a model (made on the log directly) is taken as schemaless, as ingest does.
    Optional<StreamModel> current = registry.model(name);
    if (exists && current.isEmpty()) {
      current = Optional.of(StreamModel.schemaless(name));
    }
    StreamModel model = model(name, spec, current);
    checkEventTimeField(name, model, schema);
    if (exists && current.get().schemaless() && !model.schemaless()) {
      checkHoldsNoRecords(name);
    }
    if (!exists) {
      try {
        log.createStream(
            new StreamConfig(
                name,
                spec.partitions() == null ? 1 : spec.partitions(),
                spec.retention() == null ? RetentionPolicy.forever() : spec.retention()));
      } catch (StreamExistsException e) {
        // Created by another path since hasStream: judge it like any existing stream.
        checkSameLogSettings(log.describeStream(name).config(), spec);
        exists = true;
      }
    }
    registry.define(model);
    SchemaVersion version = spec.schema() == null ? null : registry.register(name, spec.schema());
    return new PutResult(!exists, version);
  }

  /**
   * Checks the model's event-time field against the schema being set, else the latest; with
   * neither, the check waits for the first schema version.
   */
  private void checkEventTimeField(String name, StreamModel model, Schema schema) {
    String field = model.eventTimeField();
    if (field == null) {
      return;
    }
    if (model.schemaless()) {
      EventTimeFields.checkNotSchemaless(field);
    }
    Schema against =
        schema != null ? schema : registry.latest(name).map(SchemaVersion::schema).orElse(null);
    if (against != null) {
      EventTimeFields.check(field, against);
    }
  }

  /** The stream's log state and model. */
  public StreamInfo describe(String name) {
    return log.describeStream(name);
  }

  public Optional<StreamModel> model(String name) {
    return registry.model(name);
  }

  public Optional<SchemaVersion> latest(String name) {
    return registry.latest(name);
  }

  private void checkHoldsNoRecords(String name) {
    long records = log.describeStream(name).recordCount();
    if (records > 0) {
      throw new ModelConflictException(
          "stream '"
              + name
              + "' is schemaless and holds "
              + records
              + " records that are not Avro; it cannot become an Avro stream");
    }
  }

  private static void checkSameLogSettings(StreamConfig current, StreamSpec spec) {
    if (spec.partitions() != null && spec.partitions() != current.partitions()) {
      throw new ApiException(
          ErrorCode.STREAM_EXISTS,
          "stream '"
              + current.name()
              + "' exists with "
              + current.partitions()
              + " partitions, not "
              + spec.partitions()
              + "; the partition count of a stream cannot change");
    }
    if (spec.retention() != null && !spec.retention().equals(current.retention())) {
      throw new ApiException(
          ErrorCode.STREAM_EXISTS,
          "stream '"
              + current.name()
              + "' exists with retention "
              + current.retention()
              + ", not "
              + spec.retention()
              + "; retention cannot change yet");
    }
  }

  private static StreamModel model(String name, StreamSpec spec, Optional<StreamModel> current) {
    StreamModel.Kind kind =
        spec.schemaless() != null
            ? (spec.schemaless() ? StreamModel.Kind.SCHEMALESS : StreamModel.Kind.AVRO)
            : current.map(StreamModel::kind).orElse(StreamModel.Kind.AVRO);
    boolean sameKind = current.map(m -> m.kind() == kind).orElse(false);
    Compatibility compatibility =
        spec.compatibility() != null
            ? spec.compatibility()
            : sameKind
                ? current.get().compatibility()
                : kind == StreamModel.Kind.SCHEMALESS ? Compatibility.NONE : Compatibility.BACKWARD;
    String eventTimeField =
        spec.eventTimeFieldGiven()
            ? spec.eventTimeField()
            : current.map(StreamModel::eventTimeField).orElse(null);
    return new StreamModel(name, kind, compatibility, eventTimeField);
  }
}
