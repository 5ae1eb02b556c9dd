package dev.kappa.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where one run of a view keeps its state, and which part of the log it reads. A run is what a
 * {@link ViewEngine} executes: by default a view's one run, named by the view's id, with its store
 * under the engine's state directory, reading every source partition from its start and then
 * following the log live. A deployment tool gives a run another id and directory to rebuild a
 * version beside the one that serves, a start to replay from a point, and an end to rebuild the
 * view as of a past point (a bounded run, which finishes there).
 *
 * <p>Start offsets only apply to a store that has no position yet: a run resumes from its own
 * commits. Partitions missing from a map start at their log start, or have no end.
 *
 * <p>Immutable.
 *
 * @param id the run's id in the engine, or null for the view's id
 * @param directory the state store's directory, or null for {@code <state>/<name>/v<version>}
 * @param startOffsets stream → first offset of each partition, by partition
 * @param endOffsets stream → offset of each partition at which the run stops reading (exclusive)
 * @param background whether the run is a rebuild beside a version that serves: while it is behind
 *     the log it reads at the lowest thread priority, so that queries, ingest and live views keep
 *     their latency while it replays
 */
public record RunOptions(
    String id,
    Path directory,
    Map<String, List<Long>> startOffsets,
    Map<String, List<Long>> endOffsets,
    boolean background) {

  /** A view's one live run from the start of the log. */
  public static final RunOptions DEFAULTS = new RunOptions(null, null, Map.of(), Map.of(), false);

  public RunOptions {
    startOffsets = copy(startOffsets, "start");
    endOffsets = copy(endOffsets, "end");
  }

  private static Map<String, List<Long>> copy(Map<String, List<Long>> offsets, String what) {
    Objects.requireNonNull(offsets, what + " offsets");
    TreeMap<String, List<Long>> sorted = new TreeMap<>();
    offsets.forEach(
        (stream, list) -> {
          for (Long offset : list) {
            if (offset == null || offset < 0) {
              throw new IllegalArgumentException(
                  what + " offsets of " + stream + " must not be negative: " + list);
            }
          }
          sorted.put(stream, List.copyOf(list));
        });
    return java.util.Collections.unmodifiableMap(sorted);
  }

  public RunOptions withId(String id) {
    return new RunOptions(
        Objects.requireNonNull(id, "id"), directory, startOffsets, endOffsets, background);
  }

  public RunOptions withDirectory(Path directory) {
    return new RunOptions(
        id, Objects.requireNonNull(directory, "directory"), startOffsets, endOffsets, background);
  }

  /** Starts {@code stream}'s partitions at these offsets, by partition. */
  public RunOptions from(String stream, List<Long> offsets) {
    Map<String, List<Long>> more = new TreeMap<>(startOffsets);
    more.put(stream, offsets);
    return new RunOptions(id, directory, more, endOffsets, background);
  }

  /** Stops reading {@code stream}'s partitions at these offsets, by partition. */
  public RunOptions until(String stream, List<Long> offsets) {
    Map<String, List<Long>> more = new TreeMap<>(endOffsets);
    more.put(stream, offsets);
    return new RunOptions(id, directory, startOffsets, more, background);
  }

  /** The same run, in the background or not (see {@link #background()}). */
  public RunOptions inBackground(boolean background) {
    return new RunOptions(id, directory, startOffsets, endOffsets, background);
  }

  /** Whether the run stops at an end rather than following the log. */
  public boolean bounded() {
    return !endOffsets.isEmpty();
  }
}
