package dev.kappa.server.internal.lineage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lineage as a graph: {@code {"nodes":[…],"edges":[…]}}.
 *
 * <p>Nodes are streams ({@code stream:<name>}) and builds ({@code view:<name>@<version>#<build>}).
 * Edges:
 *
 * <ul>
 *   <li>{@code reads}: stream → build, with the offset range of each partition the build has read
 *       ({@code [startOffset, endOffset)}, endOffset null if unknown) and the schema versions its
 *       values were written with;
 *   <li>{@code writes}: build → stream, for a build that writes a stream;
 *   <li>{@code derives}: build → build, for a build that reads a stream another build writes (a
 *       view built on a view), naming the stream it goes through ({@code via}).
 * </ul>
 *
 * <p>Today views read only streams and write none (their results live in their state), so graphs
 * have only {@code reads} edges; the other two appear once a view can write its output to a stream.
 *
 * <p>Stateless and thread-safe.
 */
public final class LineageGraph {

  private LineageGraph() {}

  public static ObjectNode of(Lineage lineage) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode graph = f.objectNode();
    ArrayNode nodes = graph.putArray("nodes");
    ArrayNode edges = graph.putArray("edges");
    for (StreamLineage stream : lineage.streams()) {
      ObjectNode node = nodes.addObject();
      node.put("id", "stream:" + stream.name());
      node.put("type", "stream");
      node.put("name", stream.name());
      node.put("exists", stream.exists());
      node.put("partitions", stream.partitions());
      ArrayNode registered = node.putArray("registeredSchemaVersions");
      stream.registeredSchemaVersions().forEach(registered::add);
    }
    Map<String, List<BuildLineage>> writers = new TreeMap<>();
    for (BuildLineage build : lineage.builds()) {
      nodes.add(node(build));
      for (String output : build.outputs()) {
        writers.computeIfAbsent(output, s -> new ArrayList<>()).add(build);
        ObjectNode edge = edges.addObject();
        edge.put("from", build.nodeId());
        edge.put("to", "stream:" + output);
        edge.put("type", "writes");
      }
    }
    for (BuildLineage build : lineage.builds()) {
      for (InputLineage input : build.inputs()) {
        edges.add(reads(input, build));
        for (BuildLineage writer : writers.getOrDefault(input.stream(), List.of())) {
          ObjectNode edge = edges.addObject();
          edge.put("from", writer.nodeId());
          edge.put("to", build.nodeId());
          edge.put("type", "derives");
          edge.put("via", "stream:" + input.stream());
        }
      }
    }
    return graph;
  }

  private static ObjectNode node(BuildLineage build) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", build.nodeId());
    node.put("type", "build");
    node.put("view", build.view());
    node.put("version", build.version());
    node.put("build", build.build());
    node.put("role", build.role());
    node.put("status", build.status());
    node.put("state", build.state());
    node.put("fingerprint", build.fingerprint());
    node.put("origin", build.origin());
    node.put("deployedAt", time(build.deployedAt()));
    node.put("retiredAt", time(build.retiredAt()));
    return node;
  }

  private static ObjectNode reads(InputLineage input, BuildLineage build) {
    ObjectNode edge = JsonNodeFactory.instance.objectNode();
    edge.put("from", "stream:" + input.stream());
    edge.put("to", build.nodeId());
    edge.put("type", "reads");
    edge.set("partitions", partitions(input.partitions()));
    ArrayNode versions = edge.putArray("schemaVersions");
    input.schemaVersions().forEach(versions::add);
    edge.put("schemaVersionsComplete", input.schemaVersionsComplete());
    return edge;
  }

  /** {@code [{"partition","startOffset","endOffset"}]}. */
  static ArrayNode partitions(List<PartitionRange> ranges) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (PartitionRange range : ranges) {
      ObjectNode node = array.addObject();
      node.put("partition", range.partition());
      node.put("startOffset", range.startOffset());
      node.put("endOffset", range.endOffset());
    }
    return array;
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
