package dev.kappa.server.internal.http;

import dev.kappa.engine.PartitionProgress;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.Source;
import dev.kappa.engine.ViewProgress;
import dev.kappa.log.Log;
import dev.kappa.log.StreamInfo;
import dev.kappa.server.internal.config.ConfigValues;
import dev.kappa.server.internal.views.ServedView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Read-your-writes: holds a query until the build it reads has committed every offset of a {@link
 * PositionToken}, for at most {@code wait}. The request's (virtual) thread parks on the view's
 * commit futures; nothing polls.
 *
 * <p>Thread-safe.
 */
final class PositionWait {

  static final long DEFAULT_WAIT_MS = 5_000;
  static final long MAX_WAIT_MS = 30_000;

  private final Log log;

  PositionWait(Log log) {
    this.log = log;
  }

  /**
   * Returns once {@code running} has committed {@code token}'s offsets; does nothing without a
   * token.
   *
   * @throws ApiException {@code invalid_position_token}, {@code position_from_future}, {@code
   *     position_unreachable} or {@code position_timeout}
   */
  void await(String token, String waitText, ServedView view, RunningView<?, ?> running) {
    if (token == null) {
      if (waitText != null) {
        throw ApiException.invalidRequest("wait bounds the wait for a position: give position");
      }
      return;
    }
    long waitMs = waitMs(waitText);
    PositionToken position = PositionToken.parse(token);
    List<PositionToken.Entry> needed = check(position, view);
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    try {
      for (PositionToken.Entry e : needed) {
        commits.add(running.awaitCommitted(e.stream(), e.partition(), e.offset() - 1));
      }
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ErrorCode.INVALID_POSITION_TOKEN,
          "the position names a partition view "
              + view.runId()
              + " does not read: "
              + e.getMessage());
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new));
    try {
      all.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ApiException(
          ErrorCode.POSITION_TIMEOUT,
          "view "
              + view.runId()
              + " did not reach the position within "
              + waitMs
              + " ms: "
              + behind(needed, running.state().progress())
              + "; retry, or wait longer (wait=, at most "
              + MAX_WAIT_MS
              + " ms)");
    } catch (ExecutionException e) {
      ServedView.Report report = view.report();
      throw new ApiException(
          ErrorCode.POSITION_UNREACHABLE,
          "view "
              + view.runId()
              + " stopped before reaching the position (state "
              + report.state()
              + (report.error() == null ? "" : ": " + report.error())
              + "); "
              + behind(needed, running.state().progress()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorCode.LOG_CLOSED, "the server is shutting down");
    } finally {
      commits.forEach(c -> c.cancel(false));
    }
  }

  /**
   * The entries a query must wait for: those with an offset above 0.
   *
   * @throws ApiException if the token names a stream the view does not read, a partition its stream
   *     lacks, or an offset past the durable end
   */
  private List<PositionToken.Entry> check(PositionToken position, ServedView view) {
    Set<String> read =
        view.view().sources().stream().map(Source::stream).collect(Collectors.toSet());
    List<PositionToken.Entry> needed = new ArrayList<>();
    for (PositionToken.Entry e : position.entries()) {
      if (!read.contains(e.stream())) {
        throw new ApiException(
            ErrorCode.INVALID_POSITION_TOKEN,
            "the position names stream '"
                + e.stream()
                + "', which view "
                + view.runId()
                + " does not read (it reads "
                + String.join(", ", read)
                + ")");
      }
      StreamInfo info = log.describeStream(e.stream());
      if (e.partition() >= info.partitions().size()) {
        throw new ApiException(
            ErrorCode.INVALID_POSITION_TOKEN,
            "the position names partition "
                + e.partition()
                + " of "
                + e.stream()
                + ", which has "
                + info.partitions().size());
      }
      long durableEnd = info.partitions().get(e.partition()).durableEnd();
      if (e.offset() > durableEnd) {
        throw new ApiException(
            ErrorCode.POSITION_FROM_FUTURE,
            "the position asks for "
                + e.stream()
                + "/"
                + e.partition()
                + " up to offset "
                + e.offset()
                + ", past its durable end "
                + durableEnd
                + "; a position comes from an ingest reply or a state answer of this server");
      }
      if (e.offset() > 0) {
        needed.add(e);
      }
    }
    return needed;
  }

  /** How far the view is from the position, per partition it lags on. */
  private static String behind(List<PositionToken.Entry> needed, ViewProgress progress) {
    List<String> parts = new ArrayList<>();
    for (PositionToken.Entry e : needed) {
      long at =
          progress.partitions().stream()
              .filter(p -> p.stream().equals(e.stream()) && p.partition() == e.partition())
              .mapToLong(PartitionProgress::nextOffset)
              .findFirst()
              .orElse(0);
      if (at < e.offset()) {
        parts.add(e.stream() + "/" + e.partition() + " at offset " + at + " of " + e.offset());
      }
    }
    return parts.isEmpty() ? "it has now caught up" : "it is at " + String.join(", ", parts);
  }

  /** Milliseconds, or an ISO-8601 duration; IllegalArgumentException if neither. */
  static long durationMs(String text) {
    try {
      return ConfigValues.duration("duration", text).toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static long waitMs(String text) {
    if (text == null) {
      return DEFAULT_WAIT_MS;
    }
    try {
      long ms = durationMs(text.strip());
      if (ms >= 0 && ms <= MAX_WAIT_MS) {
        return ms;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ApiException.invalidRequest(
        "wait must be milliseconds or an ISO-8601 duration (PT5S) from 0 to "
            + MAX_WAIT_MS
            + " ms, was '"
            + text
            + "'");
  }
}
