package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.RetentionPolicy;
import dev.kappa.log.StreamInfo;
import dev.kappa.schema.Incompatibility;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON form of streams and schema versions. A stream without a model in the registry (such as
 * one created straight on the log) shows {@code "model":"none"} and, like a schemaless stream,
 * {@code "schemaless":true}.
 */
final class StreamJson {

  private final JsonCodec json;

  StreamJson(JsonCodec json) {
    this.json = json;
  }

  /** A stream in the list: its settings, model and totals. */
  ObjectNode summary(StreamInfo info, Optional<StreamModel> model, Optional<SchemaVersion> latest) {
    ObjectNode node = json.object();
    node.put("name", info.name());
    node.put("partitions", info.config().partitions());
    node.set("retention", retention(info.config().retention()));
    node.put("model", model.map(m -> m.kind().name().toLowerCase(Locale.ROOT)).orElse("none"));
    node.put("schemaless", model.map(StreamModel::schemaless).orElse(true));
    putNullable(node, "compatibility", model.map(m -> m.compatibility().name()).orElse(null));
    putNullable(node, "eventTimeField", model.map(StreamModel::eventTimeField).orElse(null));
    if (latest.isPresent()) {
      node.put("latestVersion", latest.get().version());
    } else {
      node.putNull("latestVersion");
    }
    node.put("recordCount", info.recordCount());
    node.put("sizeBytes", info.sizeBytes());
    if (info.name().startsWith(StreamNames.RESERVED_PREFIX)) {
      node.put("internal", true);
    }
    return node;
  }

  /** A stream in detail: the summary plus each partition's offsets and size. */
  ObjectNode detail(StreamInfo info, Optional<StreamModel> model, Optional<SchemaVersion> latest) {
    ObjectNode node = summary(info, model, latest);
    ArrayNode partitions = node.putArray("partitionOffsets");
    for (PartitionInfo p : info.partitions()) {
      partitions
          .addObject()
          .put("partition", p.partition())
          .put("startOffset", p.startOffset())
          .put("endOffset", p.endOffset())
          .put("durableEnd", p.durableEnd())
          .put("sizeBytes", p.sizeBytes())
          .put("segmentCount", p.segmentCount());
    }
    return node;
  }

  ObjectNode version(SchemaVersion version) {
    ObjectNode node = json.object();
    node.put("stream", version.stream());
    node.put("version", version.version());
    node.put("id", version.id());
    node.set("schema", json.readTrusted(version.text()));
    return node;
  }

  /** Appends one object per incompatibility: version, direction, location, kind, message. */
  static void addIncompatibilities(ArrayNode array, List<Incompatibility> incompatibilities) {
    for (Incompatibility i : incompatibilities) {
      array
          .addObject()
          .put("version", i.version())
          .put("direction", i.direction())
          .put("location", i.location())
          .put("kind", i.kind())
          .put("message", i.message());
    }
  }

  private ObjectNode retention(RetentionPolicy retention) {
    ObjectNode node = json.object();
    if (retention.maxAge() == null) {
      node.putNull("ms");
    } else {
      node.put("ms", retention.maxAge().toMillis());
    }
    if (retention.maxBytes() < 0) {
      node.putNull("bytes");
    } else {
      node.put("bytes", retention.maxBytes());
    }
    return node;
  }

  private static void putNullable(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
