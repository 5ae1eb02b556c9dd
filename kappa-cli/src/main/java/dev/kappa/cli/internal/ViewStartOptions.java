package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a new build of a view starts reading: {@code --from-time T} or {@code --from-offsets
 * stream=o0,o1,...} (repeatable, one per stream; streams not named start at their beginning), or by
 * default the beginning of the log. It becomes the {@code from} of a deploy or replay request.
 */
final class ViewStartOptions {

  @Option(
      names = "--from-time",
      paramLabel = "T",
      description =
          "Start each partition at its first record at or after T (epoch ms or ISO-8601, such as"
              + " 2026-12-01T10:00:00Z).")
  String fromTime;

  @Option(
      names = "--from-offsets",
      paramLabel = "STREAM=O0,O1,...",
      description =
          "Start the partitions of STREAM at these offsets, one per partition (repeatable, one per"
              + " stream; other streams start at their beginning).")
  List<String> fromOffsets = new ArrayList<>();

  /**
   * The {@code from} object of the request, or null for the beginning.
   *
   * @throws IllegalArgumentException if both options are given, or an offset list is malformed
   */
  ObjectNode from() {
    if (fromTime != null && !fromOffsets.isEmpty()) {
      throw new IllegalArgumentException("give --from-time or --from-offsets, not both");
    }
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (fromTime != null) {
      return nodes.objectNode().put("time", Times.parse(fromTime));
    }
    if (fromOffsets.isEmpty()) {
      return null;
    }
    ObjectNode from = nodes.objectNode();
    ObjectNode offsets = from.putObject("offsets");
    for (String given : fromOffsets) {
      int eq = given.indexOf('=');
      String stream = eq < 0 ? "" : given.substring(0, eq).strip();
      if (stream.isEmpty() || offsets.has(stream)) {
        throw invalid(given);
      }
      ArrayNode list = offsets.putArray(stream);
      for (String offset : given.substring(eq + 1).split(",", -1)) {
        if (!offset.strip().matches("[0-9]{1,18}")) {
          throw invalid(given);
        }
        list.add(Long.parseLong(offset.strip()));
      }
    }
    return from;
  }

  private static IllegalArgumentException invalid(String given) {
    return new IllegalArgumentException(
        "invalid --from-offsets '"
            + given
            + "': use STREAM=O0,O1,... with one offset per partition, each stream once");
  }
}
