package dev.kappa.schema.internal;

import dev.kappa.schema.CorruptRegistryException;
import dev.kappa.schema.InvalidSchemaException;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.schema.internal.RegistryEvent.ModelDefined;
import dev.kappa.schema.internal.RegistryEvent.SchemaRegistered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's state: the fold of the records of its stream, in offset order.
 *
 * <p><b>Invariants</b>, checked for every record applied, so a history that breaks them stops the
 * replay with a {@link CorruptRegistryException} naming the record's offset: a stream's versions
 * are 1, 2, 3… with no gap or repeat; ids strictly increase in offset order across the registry (so
 * none repeats); every schema text parses.
 *
 * <p><b>Thread-safety:</b> one writer ({@link #apply} is called under the registry's lock, or
 * before the registry is published); any number of concurrent readers. A new version is put into
 * the by-id map before the by-stream list, so a reader that finds a version in a stream's list (and
 * so may write values with its id) can always resolve that id.
 */
final class RegistryState {

  private final Map<String, StreamModel> models = new ConcurrentHashMap<>();
  private final Map<String, List<SchemaVersion>> versions = new ConcurrentHashMap<>();
  private final Map<Integer, SchemaVersion> byId = new ConcurrentHashMap<>();
  private int lastId; // written by the one writer only

  /** The id the next registered version gets. */
  int nextId() {
    return lastId + 1;
  }

  /**
   * Applies the record at {@code offset}.
   *
   * @throws CorruptRegistryException if it breaks an invariant; nothing of it is applied
   */
  void apply(long offset, RegistryEvent event) {
    switch (event) {
      case ModelDefined(StreamModel model) -> models.put(model.stream(), model);
      case SchemaRegistered(String stream, int version, int id, String text) -> {
        List<SchemaVersion> current = versions(stream);
        if (version != current.size() + 1) {
          throw new CorruptRegistryException(
              offset,
              "stream '"
                  + stream
                  + "' gets version "
                  + version
                  + " but has "
                  + current.size()
                  + " version(s); versions must be dense and increasing",
              null);
        }
        if (byId.containsKey(id)) {
          throw new CorruptRegistryException(
              offset,
              "id " + id + " is already taken by " + describe(byId.get(id)) + "; ids never repeat",
              null);
        }
        if (id <= lastId) {
          throw new CorruptRegistryException(
              offset, "id " + id + " does not increase past the last id " + lastId, null);
        }
        SchemaVersion v;
        try {
          v = new SchemaVersion(stream, version, id, LogSchemaRegistry.parse(text));
        } catch (InvalidSchemaException e) {
          throw new CorruptRegistryException(offset, e.getMessage(), e);
        }
        List<SchemaVersion> grown = new ArrayList<>(current);
        grown.add(v);
        byId.put(id, v); // first: see the class comment
        versions.put(stream, List.copyOf(grown));
        lastId = id;
      }
    }
  }

  private static String describe(SchemaVersion v) {
    return "version " + v.version() + " of stream '" + v.stream() + "'";
  }

  StreamModel model(String stream) {
    return models.get(stream);
  }

  Map<String, StreamModel> models() {
    return models;
  }

  List<SchemaVersion> versions(String stream) {
    return versions.getOrDefault(stream, List.of());
  }

  SchemaVersion byId(int id) {
    return byId.get(id);
  }
}
