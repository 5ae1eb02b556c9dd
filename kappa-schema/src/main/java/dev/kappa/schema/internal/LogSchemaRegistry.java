package dev.kappa.schema.internal;

import dev.kappa.log.Log;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.IncompatibleSchemaException;
import dev.kappa.schema.InvalidSchemaException;
import dev.kappa.schema.ModelConflictException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.schema.UnknownSchemaException;
import dev.kappa.schema.ValueCodec;
import dev.kappa.schema.internal.RegistryEvent.ModelDefined;
import dev.kappa.schema.internal.RegistryEvent.SchemaRegistered;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The {@link SchemaRegistry} kept on the log. State is a fold of the registry stream's records;
 * changes are appended (and fsynced) first and applied to memory after, under one lock, so memory
 * never shows a change the log does not hold.
 */
public final class LogSchemaRegistry implements SchemaRegistry {

  private final Log log;
  private final Map<String, StreamModel> models = new ConcurrentHashMap<>();
  private final Map<String, List<SchemaVersion>> versions = new ConcurrentHashMap<>();
  private final Map<Integer, SchemaVersion> byId = new ConcurrentHashMap<>();
  private final ValueCodec codec = new AvroValueCodec(this::byId);
  private int lastId;

  private LogSchemaRegistry(Log log) {
    this.log = log;
  }

  public static SchemaRegistry open(Log log) {
    if (!log.hasStream(STREAM)) {
      log.createStream(StreamConfig.of(STREAM, 1));
    }
    LogSchemaRegistry registry = new LogSchemaRegistry(log);
    registry.replay();
    return registry;
  }

  private void replay() {
    long end = log.partition(STREAM, 0).durableEnd();
    for (long offset = 0; offset < end; ) {
      ReadResult batch = log.read(STREAM, 0, offset, 1 << 20);
      for (LogRecord record : batch.records()) {
        try {
          apply(RegistryEvent.parse(record.value()));
        } catch (IOException | RuntimeException e) {
          throw new IllegalStateException(
              "schema registry record at offset " + record.offset() + " is unreadable", e);
        }
      }
      offset = batch.nextOffset();
    }
  }

  private void apply(RegistryEvent event) {
    switch (event) {
      case ModelDefined(StreamModel model) -> models.put(model.stream(), model);
      case SchemaRegistered(String stream, int version, int id, String text) -> {
        SchemaVersion v = new SchemaVersion(stream, version, id, parse(text));
        List<SchemaVersion> list = new ArrayList<>(versions.getOrDefault(stream, List.of()));
        list.add(v);
        versions.put(stream, List.copyOf(list));
        byId.put(id, v);
        lastId = Math.max(lastId, id);
      }
    }
  }

  private void append(RegistryEvent event) {
    log.append(STREAM, 0, List.of(NewRecord.of(event.toBytes()))).join();
    apply(event);
  }

  @Override
  public synchronized StreamModel define(StreamModel model) {
    StreamModel current = models.get(model.stream());
    if (model.schemaless() && !versions(model.stream()).isEmpty()) {
      throw new ModelConflictException(
          "stream '" + model.stream() + "' has schema versions and cannot become schemaless");
    }
    if (!model.schemaless()
        && (current == null || current.schemaless())
        && log.hasStream(model.stream())
        && log.describeStream(model.stream()).recordCount() > 0) {
      throw new ModelConflictException(
          "stream '"
              + model.stream()
              + "' already holds schemaless records, which no schema "
              + "could read; create a new stream for Avro events");
    }
    if (!model.equals(current)) {
      append(new ModelDefined(model));
    }
    return model;
  }

  @Override
  public Optional<StreamModel> model(String stream) {
    return Optional.ofNullable(models.get(stream));
  }

  @Override
  public List<StreamModel> models() {
    return models.values().stream().sorted(Comparator.comparing(StreamModel::stream)).toList();
  }

  @Override
  public synchronized SchemaVersion register(String stream, String text) {
    Schema schema = parse(text);
    requireAvroModel(stream);
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    for (SchemaVersion existing : versions(stream)) {
      if (SchemaNormalization.parsingFingerprint64(existing.schema()) == fingerprint
          && existing.schema().equals(schema)) {
        return existing;
      }
    }
    CompatibilityReport report = check(stream, schema);
    if (!report.compatible()) {
      throw new IncompatibleSchemaException(stream, report);
    }
    int version = versions(stream).size() + 1;
    append(new SchemaRegistered(stream, version, lastId + 1, schema.toString()));
    return versions(stream).getLast();
  }

  @Override
  public CompatibilityReport check(String stream, String text) {
    Schema schema = parse(text);
    requireAvroModel(stream);
    return check(stream, schema);
  }

  private CompatibilityReport check(String stream, Schema schema) {
    return CompatibilityChecker.check(models.get(stream).compatibility(), schema, versions(stream));
  }

  private StreamModel requireAvroModel(String stream) {
    StreamModel model = models.get(stream);
    if (model == null) {
      throw new UnknownSchemaException("stream '" + stream + "' has no model");
    }
    if (model.schemaless()) {
      throw new ModelConflictException("stream '" + stream + "' is schemaless; it takes no schema");
    }
    return model;
  }

  static Schema parse(String text) {
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text);
    } catch (AvroRuntimeException | NullPointerException e) {
      // SchemaParseException, and AvroTypeException for unknown type names, among others
      throw new InvalidSchemaException(String.valueOf(e.getMessage()), e);
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new InvalidSchemaException(
          "the top level must be a record, not " + schema.getType().getName(), null);
    }
    return schema;
  }

  @Override
  public List<SchemaVersion> versions(String stream) {
    return versions.getOrDefault(stream, List.of());
  }

  @Override
  public Optional<SchemaVersion> latest(String stream) {
    List<SchemaVersion> list = versions(stream);
    return list.isEmpty() ? Optional.empty() : Optional.of(list.getLast());
  }

  @Override
  public SchemaVersion version(String stream, int version) {
    List<SchemaVersion> list = versions(stream);
    if (version < 1 || version > list.size()) {
      throw new UnknownSchemaException(
          "stream '"
              + stream
              + "' has no schema version "
              + version
              + (list.isEmpty() ? "" : " (versions 1.." + list.size() + ")"));
    }
    return list.get(version - 1);
  }

  @Override
  public SchemaVersion byId(int id) {
    SchemaVersion v = byId.get(id);
    if (v == null) {
      throw new UnknownSchemaException("no schema has id " + id);
    }
    return v;
  }

  @Override
  public ValueCodec codec() {
    return codec;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
