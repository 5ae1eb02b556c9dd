package dev.kappa.server.internal.lineage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;

/**
 * The lineage as OpenLineage run events (spec 2-0-2): a view is a job, each of its builds a run of
 * it, the streams it reads its input datasets and the view's queryable results ({@code
 * views/<name>}) its output dataset.
 *
 * <p>Per build: a {@code START} event at its deployment, then a {@code COMPLETE} event at its
 * retirement (or deletion) for a build that no longer runs; for a live build, {@code RUNNING} — or
 * {@code COMPLETE} for a temporary build that reached its end, {@code FAIL} for a failed one — at
 * the time of the call. Run ids are name-based UUIDs of the namespace, view and build, so the same
 * build always has the same run id. Custom facets are prefixed {@code kappa_}: {@code kappa_build}
 * (run), {@code kappa_definition} (job: version, fingerprint, origin) and {@code kappa_offsets}
 * (input: offset ranges and schema versions read).
 *
 * <p>Thread-safe.
 */
public final class OpenLineageEvents {

  /** The spec's schema of a run event. */
  public static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

  private static final String SCHEMA_FACET =
      "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
  private static final String JOB_TYPE_FACET =
      "https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";

  private final SchemaRegistry registry;
  private final String producer;

  /**
   * @param producer the URI naming the producer in every event and facet
   */
  public OpenLineageEvents(SchemaRegistry registry, String producer) {
    this.registry = registry;
    this.producer = producer;
  }

  /** The run id of a build: a name-based UUID of {@code namespace/view#build}. */
  public static UUID runId(String namespace, String view, long build) {
    return UUID.nameUUIDFromBytes(
        (namespace + "/" + view + "#" + build).getBytes(StandardCharsets.UTF_8));
  }

  /** The events of every build of {@code lineage}, by view, build, then time. */
  public List<ObjectNode> events(Lineage lineage, String namespace, Instant now) {
    List<ObjectNode> events = new ArrayList<>();
    for (BuildLineage build : lineage.builds()) {
      events.add(event(build, namespace, "START", build.deployedAt(), false));
      if (!build.live()) {
        Instant ended = build.retiredAt() == null ? now : build.retiredAt();
        events.add(event(build, namespace, "COMPLETE", ended, true));
      } else if ("FINISHED".equals(build.state())) {
        events.add(event(build, namespace, "COMPLETE", now, true));
      } else if ("FAILED".equals(build.state())) {
        events.add(event(build, namespace, "FAIL", now, true));
      } else {
        events.add(event(build, namespace, "RUNNING", now, true));
      }
    }
    return events;
  }

  private ObjectNode event(
      BuildLineage build, String namespace, String type, Instant time, boolean ranges) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("eventType", type);
    event.put("eventTime", time.toString());
    ObjectNode run = event.putObject("run");
    run.put("runId", runId(namespace, build.view(), build.build()).toString());
    ObjectNode buildFacet = facet(run.putObject("facets"), "kappa_build", "KappaBuildRunFacet");
    buildFacet.put("view", build.view());
    buildFacet.put("version", build.version());
    buildFacet.put("build", build.build());
    buildFacet.put("role", build.role());
    buildFacet.put("status", build.status());
    buildFacet.put("state", build.state());
    ObjectNode job = event.putObject("job");
    job.put("namespace", namespace);
    job.put("name", build.view());
    ObjectNode jobFacets = job.putObject("facets");
    ObjectNode jobType = jobFacets.putObject("jobType");
    jobType.put("_producer", producer).put("_schemaURL", JOB_TYPE_FACET);
    jobType.put("processingType", "STREAMING").put("integration", "KAPPA").put("jobType", "VIEW");
    ObjectNode definition = facet(jobFacets, "kappa_definition", "KappaDefinitionJobFacet");
    definition.put("version", build.version());
    definition.put("fingerprint", build.fingerprint());
    definition.put("origin", build.origin());
    ArrayNode inputs = event.putArray("inputs");
    build.inputs().forEach(input -> inputs.add(input(input, namespace, ranges)));
    ArrayNode outputs = event.putArray("outputs");
    outputs.addObject().put("namespace", namespace).put("name", "views/" + build.view());
    for (String stream : build.outputs()) {
      outputs.addObject().put("namespace", namespace).put("name", stream);
    }
    event.put("producer", producer);
    event.put("schemaURL", SCHEMA_URL);
    return event;
  }

  private ObjectNode input(InputLineage input, String namespace, boolean ranges) {
    ObjectNode dataset = JsonNodeFactory.instance.objectNode();
    dataset.put("namespace", namespace);
    dataset.put("name", input.stream());
    ObjectNode facets = dataset.putObject("facets");
    schema(input).ifPresent(schema -> schemaFacet(facets, schema));
    ObjectNode offsets =
        facet(dataset.putObject("inputFacets"), "kappa_offsets", "KappaOffsetsInputFacet");
    ArrayNode partitions = offsets.putArray("partitions");
    for (PartitionRange range : input.partitions()) {
      ObjectNode node = partitions.addObject();
      node.put("partition", range.partition()).put("startOffset", range.startOffset());
      if (ranges) {
        node.put("endOffset", range.endOffset());
      }
    }
    if (ranges) {
      ArrayNode versions = offsets.putArray("schemaVersions");
      input.schemaVersions().forEach(versions::add);
      offsets.put("schemaVersionsComplete", input.schemaVersionsComplete());
    }
    return dataset;
  }

  /** The newest schema version the build read, else the stream's newest registered one. */
  private Optional<SchemaVersion> schema(InputLineage input) {
    if (!input.schemaVersions().isEmpty()) {
      return Optional.of(registry.version(input.stream(), input.schemaVersions().getLast()));
    }
    return registry.latest(input.stream());
  }

  private void schemaFacet(ObjectNode facets, SchemaVersion version) {
    ObjectNode schema = facets.putObject("schema");
    schema.put("_producer", producer).put("_schemaURL", SCHEMA_FACET);
    ArrayNode fields = schema.putArray("fields");
    for (Schema.Field field : version.schema().getFields()) {
      ObjectNode node = fields.addObject();
      node.put("name", field.name());
      node.put("type", type(field.schema()));
      if (field.doc() != null) {
        node.put("description", field.doc());
      }
    }
  }

  /** An Avro type's name, its logical type's if it has one ({@code timestamp-millis}, say). */
  private static String type(Schema schema) {
    return schema.getLogicalType() != null
        ? schema.getLogicalType().getName()
        : schema.getType().getName();
  }

  private ObjectNode facet(ObjectNode facets, String name, String definition) {
    ObjectNode facet = facets.putObject(name);
    facet.put("_producer", producer);
    facet.put("_schemaURL", producer + "#/$defs/" + definition);
    return facet;
  }
}
