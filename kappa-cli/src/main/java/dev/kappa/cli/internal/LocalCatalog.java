package dev.kappa.cli.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kappa.log.Log;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.UnknownStreamException;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.InvalidSchemaException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The {@link Catalog} of a data directory: the log opened directly and the schema registry kept on
 * it. Owns the log and closes it. Not thread-safe.
 */
final class LocalCatalog implements Catalog {

  private final Log log;
  private SchemaRegistry registry;

  LocalCatalog(Log log) {
    this.log = log;
  }

  @Override
  public Created create(StreamConfig config, ModelOptions options) {
    if (options.schema() != null) {
      checkIsRecord(config.name(), options);
    }
    log.createStream(config);
    if (options.isEmpty()) {
      return new Created(null, null);
    }
    StreamModel model = registry().define(options.model(config.name()));
    SchemaInfo schema =
        options.schema() == null
            ? null
            : info(registry().register(config.name(), options.schema()));
    return new Created(model, schema);
  }

  @Override
  public Registration register(String stream, String schema) {
    requireStream(stream);
    List<Integer> before = registry().versions(stream).stream().map(SchemaVersion::id).toList();
    SchemaVersion version = registry().register(stream, SchemaTexts.unwrap(schema));
    return new Registration(info(version), !before.contains(version.id()));
  }

  @Override
  public List<SchemaInfo> versions(String stream) {
    requireStream(stream);
    return registry().versions(stream).stream().map(LocalCatalog::info).toList();
  }

  @Override
  public CompatibilityReport check(String stream, String schema) {
    requireStream(stream);
    return registry().check(stream, SchemaTexts.unwrap(schema));
  }

  private void requireStream(String stream) {
    StreamConfig.validateName(stream);
    if (!log.hasStream(stream)) {
      throw new UnknownStreamException(stream);
    }
  }

  private SchemaRegistry registry() {
    if (registry == null) {
      registry = SchemaRegistry.open(log);
    }
    return registry;
  }

  private static SchemaInfo info(SchemaVersion v) {
    return new SchemaInfo(v.version(), v.id(), v.text());
  }

  /**
   * Fails before anything is created if the schema of {@code options} is not an Avro record schema,
   * naming the stream and the file.
   */
  private static void checkIsRecord(String stream, ModelOptions options) {
    String where =
        "stream '"
            + stream
            + "', "
            + (options.schemaFile() == null || options.schemaFile().equals("-")
                ? "the schema on stdin"
                : options.schemaFile())
            + ": ";
    Schema schema;
    try {
      schema = new Schema.Parser().parse(options.schema());
    } catch (AvroRuntimeException e) {
      // Only Avro's own failures are the schema's fault (SchemaParseException, AvroTypeException
      // for an unknown type or a bad default, AvroRuntimeException for a duplicate field); any
      // other exception is a bug and is reported as one.
      throw new InvalidSchemaException(where + oneLine(e), e);
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new InvalidSchemaException(
          where + "the top level must be a record, not " + schema.getType().getName(), null);
    }
  }

  /** Avro's message, or for text that is not JSON, Jackson's without its multi-line location. */
  private static String oneLine(AvroRuntimeException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      return "not JSON: "
          + json.getOriginalMessage()
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
    return e.getMessage();
  }

  @Override
  public void close() {
    log.close();
  }
}
