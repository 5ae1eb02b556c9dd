package dev.kappa.server.internal.deploy;

import dev.kappa.log.Log;
import dev.kappa.log.PartitionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where a build starts reading its source streams. Immutable. */
public sealed interface StartPoint {

  /** Every partition from its first offset. */
  record Beginning() implements StartPoint {}

  /** Every partition from its first record with an event time at or after {@code epochMillis}. */
  record AtTime(long epochMillis) implements StartPoint {}

  /** Given offsets: stream → offset of each partition; streams not named start at the beginning. */
  record AtOffsets(Map<String, List<Long>> offsets) implements StartPoint {

    public AtOffsets {
      offsets = Map.copyOf(offsets);
    }
  }

  StartPoint BEGINNING = new Beginning();

  /**
   * The first offset of each partition of {@code streams}.
   *
   * @throws DeployRefusedException (INVALID_POSITION) if given offsets name a stream the view does
   *     not read, the wrong number of partitions, or lie outside a partition
   */
  default Map<String, List<Long>> resolve(Log log, List<String> streams) {
    if (this instanceof AtOffsets(Map<String, List<Long>> given)) {
      for (String stream : given.keySet()) {
        if (!streams.contains(stream)) {
          throw invalid(
              "offsets are given for stream " + stream + ", which the view does not read");
        }
      }
    }
    Map<String, List<Long>> starts = new TreeMap<>();
    for (String stream : streams) {
      int partitions = log.describeStream(stream).partitions().size();
      if (this instanceof AtOffsets(Map<String, List<Long>> given)
          && given.containsKey(stream)
          && given.get(stream).size() != partitions) {
        throw invalid(
            "offsets for stream "
                + stream
                + " name "
                + given.get(stream).size()
                + " partitions; it has "
                + partitions);
      }
      List<Long> offsets = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        PartitionInfo info = log.partition(stream, p);
        long offset =
            switch (this) {
              case Beginning b -> info.startOffset();
              case AtTime(long time) ->
                  Math.max(info.startOffset(), log.offsetForTime(stream, p, time));
              case AtOffsets(Map<String, List<Long>> given) -> given(given, stream, p, info);
            };
        offsets.add(offset);
      }
      starts.put(stream, List.copyOf(offsets));
    }
    return starts;
  }

  private static long given(
      Map<String, List<Long>> given, String stream, int partition, PartitionInfo info) {
    List<Long> offsets = given.get(stream);
    if (offsets == null) {
      return info.startOffset();
    }
    long offset = offsets.get(partition);
    if (offset < info.startOffset() || offset > info.durableEnd()) {
      throw invalid(
          "offset "
              + offset
              + " of "
              + stream
              + "/"
              + partition
              + " is outside the partition's offsets "
              + info.startOffset()
              + " to "
              + info.durableEnd());
    }
    return offset;
  }

  private static DeployRefusedException invalid(String message) {
    return new DeployRefusedException(DeployRefusedException.Reason.INVALID_POSITION, message);
  }
}
