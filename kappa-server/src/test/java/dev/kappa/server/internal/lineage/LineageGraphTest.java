package dev.kappa.server.internal.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The graph's edges, including those no view makes today: a view that writes a stream and a view
 * that reads it give writes, reads and derives edges.
 */
class LineageGraphTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aViewReadingAnotherViewsOutput_givesAViewToViewEdgeThroughTheStream() {
    BuildLineage sessions =
        build("sessions", 1, List.of(input("clicks", 0, 10L, List.of(1, 2))), List.of("sessions"));
    BuildLineage daily =
        build("daily", 3, List.of(input("sessions", 5, null, List.of())), List.of());
    Lineage lineage =
        new Lineage(
            List.of(
                new StreamLineage("clicks", true, 1, List.of(1, 2)),
                new StreamLineage("sessions", true, 1, List.of())),
            List.of(sessions, daily));

    ObjectNode graph = LineageGraph.of(lineage);

    List<String> edges = new ArrayList<>();
    for (JsonNode edge : graph.get("edges")) {
      edges.add(
          edge.get("type").asText()
              + " "
              + edge.get("from").asText()
              + " -> "
              + edge.get("to").asText()
              + (edge.has("via") ? " via " + edge.get("via").asText() : ""));
    }
    assertThat(edges)
        .containsExactly(
            "writes view:sessions@1#1 -> stream:sessions",
            "reads stream:clicks -> view:sessions@1#1",
            "reads stream:sessions -> view:daily@1#3",
            "derives view:sessions@1#1 -> view:daily@1#3 via stream:sessions");
    JsonNode reads = graph.at("/edges/1");
    assertThat(reads.at("/partitions/0/endOffset").asLong()).isEqualTo(10);
    assertThat(reads.get("schemaVersions").toString()).isEqualTo("[1,2]");
    assertThat(graph.at("/edges/2/partitions/0/endOffset").isNull()).isTrue();
    assertThat(graph.get("nodes")).hasSize(4);
  }

  private static InputLineage input(String stream, long start, Long end, List<Integer> versions) {
    return new InputLineage(
        stream, List.of(new PartitionRange(0, start, end)), versions, end != null);
  }

  private static BuildLineage build(
      String view, long build, List<InputLineage> inputs, List<String> outputs) {
    return new BuildLineage(
        view, build, 1, "serving", "SERVING", "RUNNING", "f", "test", AT, null, inputs, outputs);
  }
}
