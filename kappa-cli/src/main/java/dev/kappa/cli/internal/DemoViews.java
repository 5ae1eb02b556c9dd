package dev.kappa.cli.internal;

import dev.kappa.engine.RunningView;
import dev.kappa.engine.ViewEngine;
import dev.kappa.engine.WindowResult;
import dev.kappa.engine.examples.PageViews;
import dev.kappa.log.Log;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The view half of {@code kappa demo}: waits for the live view to commit every click, deploys
 * version 2 of it (which rebuilds from the log while version 1 keeps serving), and checks that both
 * hold exactly the same results.
 */
final class DemoViews {

  private static final long WAIT_SECONDS = 120;

  private DemoViews() {}

  static void compareLiveAndReplay(
      Log log, ViewEngine views, RunningView<String, Long> live, PrintWriter out)
      throws InterruptedException {
    awaitEnd(log, live);
    List<WindowResult<String, Long>> liveResults = live.state().scan(Integer.MAX_VALUE);
    var progress = live.state().progress();
    out.printf(
        "view %s (live): %d windows from %d events (%d late, %d errors)%n",
        live.view().id(),
        liveResults.size(),
        progress.processed(),
        progress.late(),
        progress.errors());
    List<WindowResult<String, Long>> top = new ArrayList<>(liveResults);
    top.sort(
        Comparator.comparing((WindowResult<String, Long> r) -> r.value())
            .reversed()
            .thenComparing(r -> r.window().start())
            .thenComparing(WindowResult::key));
    out.println("busiest page-minutes:");
    for (WindowResult<String, Long> r : top.subList(0, Math.min(5, top.size()))) {
      out.printf(
          "  %-12s %s  %5d%s%n",
          r.key(),
          Instant.ofEpochMilli(r.window().start()),
          r.value(),
          r.closed() ? "" : " (open)");
    }
    RunningView<String, Long> replay =
        views.start(PageViews.perPagePerMinute(DemoCommand.STREAM, 2));
    long started = System.nanoTime();
    awaitEnd(log, replay);
    List<WindowResult<String, Long>> replayed = replay.state().scan(Integer.MAX_VALUE);
    out.printf(
        "view %s (replayed from the log in %d ms): %d windows; identical to live: %s%n",
        replay.view().id(),
        (System.nanoTime() - started) / 1_000_000,
        replayed.size(),
        replayed.equals(liveResults) ? "yes" : "NO");
    if (!replayed.equals(liveResults)) {
      throw new CommandFailedException("replay differs from live processing");
    }
  }

  private static void awaitEnd(Log log, RunningView<?, ?> view) throws InterruptedException {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int p = 0; p < DemoCommand.PARTITIONS; p++) {
      long end = log.partition(DemoCommand.STREAM, p).durableEnd();
      if (end > 0) {
        done.add(view.awaitCommitted(DemoCommand.STREAM, p, end - 1));
      }
    }
    try {
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new CommandFailedException(
          "view " + view.view().id() + " did not catch up: " + view.status());
    }
  }
}
