package dev.kappa.engine.internal;

import dev.kappa.engine.PartitionProgress;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewProgress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A view's progress as its committed state records it: each source partition's next offset and
 * greatest event time ({@link StateKeys#position}, two big-endian longs), the watermark derived
 * from them, and the counters of processed, late and failed records ({@link StateKeys#COUNTERS},
 * three big-endian longs).
 *
 * <p>Every query reads it, and it changes only with a commit, so the last one read is reused while
 * the store's {@link StateStore.Snapshot#version version} is unchanged. Thread-safe.
 */
final class StoredProgress {

  private final View<?, ?> view;
  private final int[] partitionCounts;
  private volatile ProgressAt last;

  private record ProgressAt(long version, ViewProgress progress) {}

  StoredProgress(View<?, ?> view, int[] partitionCounts) {
    this.view = view;
    this.partitionCounts = partitionCounts.clone();
  }

  /** The progress {@code snapshot} records. */
  ViewProgress of(StateStore.Snapshot snapshot) {
    long version = snapshot.version();
    ProgressAt known = last;
    if (known != null && known.version() == version) {
      return known.progress();
    }
    ViewProgress progress = read(snapshot);
    last = new ProgressAt(version, progress);
    return progress;
  }

  private ViewProgress read(StateStore.Snapshot snapshot) {
    List<PartitionProgress> partitions = new ArrayList<>();
    long watermark = Long.MAX_VALUE;
    long lateness = view.options().allowedLatenessMs();
    for (int s = 0; s < partitionCounts.length; s++) {
      for (int p = 0; p < partitionCounts[s]; p++) {
        byte[] position = snapshot.get(StateKeys.position(s, p));
        long next = 0;
        long maxTime = Long.MIN_VALUE;
        if (position != null) {
          ByteBuffer in = ByteBuffer.wrap(position);
          next = in.getLong();
          maxTime = in.getLong();
        }
        partitions.add(new PartitionProgress(view.sources().get(s).stream(), p, next, maxTime));
        watermark =
            Math.min(
                watermark,
                maxTime == Long.MIN_VALUE
                    ? Long.MIN_VALUE
                    : SessionList.saturatedAdd(maxTime, -lateness));
      }
    }
    long[] counters = new long[3];
    byte[] stored = snapshot.get(StateKeys.COUNTERS);
    if (stored != null) {
      ByteBuffer in = ByteBuffer.wrap(stored);
      for (int i = 0; i < counters.length; i++) {
        counters[i] = in.getLong();
      }
    }
    return new ViewProgress(
        partitions,
        partitions.isEmpty() ? Long.MIN_VALUE : watermark,
        counters[0],
        counters[1],
        counters[2]);
  }
}
