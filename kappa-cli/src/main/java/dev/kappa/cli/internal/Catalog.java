package dev.kappa.cli.internal;

import dev.kappa.log.StreamConfig;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.StreamModel;
import java.util.List;

/**
 * Streams and their canonical models, as the stream and schema commands change and show them:
 * either straight in the data directory ({@link LocalCatalog}) or through a running server ({@link
 * ServerCatalog}). Both give the same answers and fail with the same messages, so a command behaves
 * alike with and without {@code --server}.
 *
 * <p>Not thread-safe; one per command execution.
 */
sealed interface Catalog extends AutoCloseable permits LocalCatalog, ServerCatalog {

  /**
   * What {@link #create} made.
   *
   * @param model the stream's model, or null for a plain log stream
   * @param schema the first schema version, or null if none was given
   */
  record Created(StreamModel model, SchemaInfo schema) {}

  /**
   * What {@link #register} did.
   *
   * @param version the version the schema is
   * @param added false if the schema equals a version registered before
   */
  record Registration(SchemaInfo version, boolean added) {}

  /**
   * Creates a stream with the model {@code options} describe.
   *
   * @throws dev.kappa.log.StreamExistsException or an equivalent failure if it exists
   * @throws dev.kappa.schema.InvalidSchemaException if the schema is not an Avro record schema;
   *     nothing is created then
   */
  Created create(StreamConfig config, ModelOptions options);

  /**
   * Registers the next schema version of an Avro stream.
   *
   * @throws dev.kappa.schema.IncompatibleSchemaException with the full report if the schema breaks
   *     the stream's compatibility rule
   */
  Registration register(String stream, String schema);

  /** The stream's schema versions, oldest first. */
  List<SchemaInfo> versions(String stream);

  /** Whether {@code schema} could be registered now, and if not, why. */
  CompatibilityReport check(String stream, String schema);

  @Override
  void close();
}
