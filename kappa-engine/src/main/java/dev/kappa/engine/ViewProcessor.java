package dev.kappa.engine;

import dev.kappa.engine.internal.MemoryStateStore;
import dev.kappa.engine.internal.RollbackException;
import dev.kappa.engine.internal.StateReader;
import dev.kappa.engine.internal.ViewTask;
import dev.kappa.log.LogRecord;
import dev.kappa.log.RecordView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a view synchronously on records pushed to it, with state in memory: no threads, no files.
 * The engine's own processing code, so results equal those of a view run by a {@link ViewEngine}.
 * Used by the test kit and for embedding a view in a program that brings its own records.
 *
 * <p>Records of each partition must be pushed in offset order; a record at an offset already
 * processed is ignored. Not thread-safe.
 *
 * @param <K> the view's key type
 * @param <R> the view's result type
 */
public final class ViewProcessor<K, R> {

  private static final int COMMIT_EVERY = 4096;

  private final View<K, R> view;
  private final Map<String, List<Integer>> sourcesOf = new LinkedHashMap<>();
  private final ViewTask task;
  private final StateReader<K, R> reader;
  private final List<Pushed> uncommitted = new ArrayList<>();

  private record Pushed(int source, LogRecord record) {}

  private ViewProcessor(View<K, R> view, Map<String, Integer> partitionCounts) {
    this.view = view;
    int[] counts = new int[view.sources().size()];
    for (int s = 0; s < counts.length; s++) {
      String stream = view.sources().get(s).stream();
      Integer count = partitionCounts.get(stream);
      if (count == null || count < 1) {
        throw new IllegalArgumentException("no partition count given for source stream " + stream);
      }
      counts[s] = count;
      sourcesOf.computeIfAbsent(stream, k -> new ArrayList<>()).add(s);
    }
    MemoryStateStore store = new MemoryStateStore();
    this.task = new ViewTask(view, counts, store, Integer.MAX_VALUE);
    this.reader = new StateReader<>(view, counts, store);
  }

  /**
   * @param partitionCounts the partition count of every source stream
   */
  public static <K, R> ViewProcessor<K, R> inMemory(
      View<K, R> view, Map<String, Integer> partitionCounts) {
    return new ViewProcessor<>(Objects.requireNonNull(view, "view"), partitionCounts);
  }

  public View<K, R> view() {
    return view;
  }

  /**
   * Processes one record of {@code stream}, for every source of the view that reads it.
   *
   * @throws IllegalArgumentException if the view does not read {@code stream}
   * @throws ViewFailedException if the view's code threw and its policy is FAIL
   */
  public void process(String stream, LogRecord record) {
    List<Integer> sources = sourcesOf.get(stream);
    if (sources == null) {
      throw new IllegalArgumentException("view " + view.id() + " does not read stream " + stream);
    }
    for (int source : sources) {
      uncommitted.add(new Pushed(source, record));
      apply(source, record);
    }
    if (uncommitted.size() >= COMMIT_EVERY) {
      commit();
    }
  }

  private void apply(int source, LogRecord record) {
    try {
      task.process(source, RecordView.of(record));
    } catch (RollbackException e) {
      replay();
    }
  }

  /**
   * The task dropped everything since its last commit: feed it again. Each failing record is
   * remembered and goes to the error output the next time, so this ends.
   */
  private void replay() {
    while (true) {
      try {
        for (Pushed again : uncommitted) {
          task.process(again.source(), RecordView.of(again.record()));
        }
        return;
      } catch (RollbackException again) {
        // another record failed; go round again
      }
    }
  }

  /** Commits pending changes, so that {@link #state()} shows every record processed. */
  public void commit() {
    task.commit();
    uncommitted.clear();
  }

  /** The state after every record processed so far. */
  public ViewState<K, R> state() {
    commit();
    return reader;
  }
}
