package dev.kappa.engine.internal;

import dev.kappa.engine.RunOptions;
import dev.kappa.engine.View;
import dev.kappa.log.Log;
import dev.kappa.log.PartitionInfo;
import java.util.Arrays;
import java.util.List;

/**
 * A run's partitions, starts and ends, flat in source then partition order, checked against the
 * log: every source stream exists, offsets lie within their partitions (a start between the
 * partition's start and its durable end; an end at or past its start), and a bounded run ends every
 * source stream.
 *
 * @param partitionCounts each source's partition count
 * @param starts where each partition starts for a new store (default: the partition's start)
 * @param ends where each partition stops, or {@link Long#MAX_VALUE}
 */
record RunLayout(int[] partitionCounts, long[] starts, long[] ends) {

  static RunLayout of(Log log, View<?, ?> view, RunOptions options) {
    String id = options.id() == null ? view.id() : options.id();
    int sources = view.sources().size();
    int[] counts = new int[sources];
    for (int s = 0; s < sources; s++) {
      String stream = view.sources().get(s).stream();
      if (!log.hasStream(stream)) {
        throw new IllegalArgumentException(
            "view " + id + " reads stream " + stream + ", which does not exist");
      }
      counts[s] = log.describeStream(stream).partitions().size();
    }
    for (String stream : options.startOffsets().keySet()) {
      requireSource(view, id, stream, "start");
    }
    for (String stream : options.endOffsets().keySet()) {
      requireSource(view, id, stream, "end");
    }
    int total = Arrays.stream(counts).sum();
    long[] starts = new long[total];
    long[] ends = new long[total];
    for (int s = 0, flat = 0; s < sources; s++) {
      String stream = view.sources().get(s).stream();
      List<Long> from = options.startOffsets().get(stream);
      List<Long> until = options.endOffsets().get(stream);
      if (options.bounded() && until == null) {
        throw new IllegalArgumentException(
            "run " + id + " has an end, but none for source stream " + stream);
      }
      requireSize(stream, from, counts[s], "start");
      requireSize(stream, until, counts[s], "end");
      for (int p = 0; p < counts[s]; p++, flat++) {
        PartitionInfo info = log.partition(stream, p);
        // A start below the log's start (retention took it since) begins at the oldest record; a
        // store that already has positions ignores its starts anyway.
        starts[flat] =
            from == null ? info.startOffset() : Math.max(from.get(p), info.startOffset());
        if (starts[flat] > info.durableEnd()) {
          throw new IllegalArgumentException(
              "start offset "
                  + starts[flat]
                  + " of "
                  + stream
                  + "/"
                  + p
                  + " is outside the partition's offsets "
                  + info.startOffset()
                  + " to "
                  + info.durableEnd());
        }
        ends[flat] = until == null ? Long.MAX_VALUE : until.get(p);
        if (ends[flat] < starts[flat]) {
          throw new IllegalArgumentException(
              "end offset " + ends[flat] + " of " + stream + "/" + p + " is before its start");
        }
      }
    }
    return new RunLayout(counts, starts, ends);
  }

  private static void requireSource(View<?, ?> view, String id, String stream, String what) {
    if (view.sources().stream().noneMatch(source -> source.stream().equals(stream))) {
      throw new IllegalArgumentException(
          what + " offsets given for stream " + stream + ", which view " + id + " does not read");
    }
  }

  private static void requireSize(String stream, List<Long> offsets, int partitions, String what) {
    if (offsets != null && offsets.size() != partitions) {
      throw new IllegalArgumentException(
          what
              + " offsets of "
              + stream
              + " name "
              + offsets.size()
              + " partitions; it has "
              + partitions);
    }
  }
}
