package dev.kappa.schema.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.CorruptRegistryException;
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
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The {@link SchemaRegistry} kept on the log. State is a fold of the registry stream's records
 * ({@link RegistryState}); changes are appended (and fsynced) first and applied to memory after,
 * under one lock, so memory never shows a change the log does not hold.
 *
 * <p><b>One writer.</b> Versions and ids are assigned from memory, so two registries appending to
 * the same stream would hand out the same version or id twice. Hence there is one registry per
 * {@link Log} instance ({@link #open} returns the same one while it is in use), the log's directory
 * lock allows one {@code Log} per directory, and each append must land at the offset this registry
 * expects: a record slipped in by any other writer fails the change with a {@link
 * CorruptRegistryException} (and every later one, until the log is reopened and replayed, which
 * checks the whole history).
 *
 * <p><b>Errors:</b> a failed append surfaces as the log's own typed exception (such as {@link
 * dev.kappa.log.LogFailedException}), with nothing applied to memory.
 */
public final class LogSchemaRegistry implements SchemaRegistry {

  /**
   * The registry of each open log. Weak both ways: a registry no one holds can go (the next {@link
   * #open} replays the log again, and the old one, unreachable, can no longer write), and so can a
   * log no one holds. Keyed by the log's identity, as logs do not override {@code equals}.
   */
  private static final Map<Log, WeakReference<LogSchemaRegistry>> OPEN = new WeakHashMap<>();

  private final Log log;
  private final RegistryState state = new RegistryState();
  private final ValueCodec codec = new AvroValueCodec(this::byId);
  private long nextOffset; // guarded by this, after replay

  private LogSchemaRegistry(Log log) {
    this.log = log;
  }

  /**
   * The registry of {@code log}: the one already open for this log instance, or a new one that
   * creates its stream if needed and replays it.
   *
   * @throws CorruptRegistryException if the stream's history breaks the registry's invariants
   */
  public static SchemaRegistry open(Log log) {
    synchronized (OPEN) {
      WeakReference<LogSchemaRegistry> ref = OPEN.get(log);
      LogSchemaRegistry registry = ref == null ? null : ref.get();
      if (registry == null) {
        if (!log.hasStream(STREAM)) {
          log.createStream(StreamConfig.of(STREAM, 1));
        }
        registry = new LogSchemaRegistry(log);
        registry.replay();
        OPEN.put(log, new WeakReference<>(registry));
      }
      return registry;
    }
  }

  private void replay() {
    long end = log.partition(STREAM, 0).durableEnd();
    long offset = 0;
    while (offset < end) {
      ReadResult batch = log.read(STREAM, 0, offset, 1 << 20);
      for (LogRecord record : batch.records()) {
        RegistryEvent event;
        try {
          event = RegistryEvent.parse(record.value());
        } catch (IOException | RuntimeException e) {
          throw new CorruptRegistryException(record.offset(), "unreadable: " + e.getMessage(), e);
        }
        state.apply(record.offset(), event);
      }
      offset = batch.nextOffset();
    }
    nextOffset = offset;
  }

  /** Appends {@code event}, waits until it is durable, then applies it; called under the lock. */
  private void append(RegistryEvent event) {
    AppendResult written;
    try {
      written = log.append(STREAM, 0, List.of(NewRecord.of(event.toBytes()))).join();
    } catch (CompletionException e) {
      // The log completes appends on its flush thread; its exception is the typed error to report.
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    if (written.baseOffset() != nextOffset) {
      throw new CorruptRegistryException(
          written.baseOffset(),
          "this registry expected its change at offset "
              + nextOffset
              + ", so another writer appended to the stream; reopen the log to replay and check"
              + " its history",
          null);
    }
    state.apply(written.baseOffset(), event);
    nextOffset = written.baseOffset() + 1;
  }

  @Override
  public synchronized StreamModel define(StreamModel model) {
    StreamModel current = state.model(model.stream());
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
    return Optional.ofNullable(state.model(stream));
  }

  @Override
  public List<StreamModel> models() {
    return state.models().values().stream()
        .sorted(Comparator.comparing(StreamModel::stream))
        .toList();
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
    append(new SchemaRegistered(stream, version, state.nextId(), schema.toString()));
    return versions(stream).getLast();
  }

  @Override
  public CompatibilityReport check(String stream, String text) {
    Schema schema = parse(text);
    requireAvroModel(stream);
    return check(stream, schema);
  }

  private CompatibilityReport check(String stream, Schema schema) {
    return CompatibilityChecker.check(
        state.model(stream).compatibility(), schema, versions(stream));
  }

  private StreamModel requireAvroModel(String stream) {
    StreamModel model = state.model(stream);
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
    return state.versions(stream);
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
    SchemaVersion v = state.byId(id);
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
