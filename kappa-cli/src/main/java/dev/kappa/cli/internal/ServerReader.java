package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.HttpStream;
import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.cli.internal.http.ServerCallException;
import dev.kappa.log.LogRecord;
import dev.kappa.log.StreamConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code kappa read --server}: reads a stream through a running server's {@code GET
 * /streams/{stream}/events} and prints exactly what {@link ReadCommand} prints when it reads the
 * data directory itself (values come with {@code rawValues=true}, see {@link RecordLine}).
 *
 * <p>Each partition is read in pages of at most {@link #PAGE} records from the offset after the
 * last record printed, partition 0 first, until a page comes back short: the partition's durable
 * end when it was asked. Following, every partition has one long poll ({@code waitMs}) in flight at
 * a time, so records of one partition keep their order and new records of any partition show up as
 * soon as they are durable.
 *
 * <p>Not thread-safe: one per command. Only the calling thread prints; the HTTP client's threads
 * only hand answers over.
 */
final class ServerReader {

  /** The most records asked for in one request. */
  static final int PAGE = 1000;

  /** How long one follow request waits for a record to arrive. */
  static final long FOLLOW_WAIT_MS = 5_000;

  private final KappaHttpClient http;
  private final String stream;
  private final RecordPrinter printer;
  private final long max;
  private long printed;
  private boolean outputClosed;

  /**
   * Where a partition's next request starts: the offset after the last record printed once there is
   * one, else the {@code --from-offset} or {@code --from-time} asked for, or nothing (the oldest).
   * A time start is sent again until a record arrives, so a record appended between two follow
   * requests with an event time before it is skipped, where the data directory's reader, which
   * resolves the time once, would print it.
   */
  private static final class Cursor {
    final int partition;
    String start;

    Cursor(int partition, String start) {
      this.partition = partition;
      this.start = start;
    }
  }

  /** A finished follow request of one partition. */
  private record Answer(Cursor cursor, CompletableFuture<HttpStream> reply) {}

  ServerReader(KappaHttpClient http, String stream, RecordPrinter printer, long max) {
    StreamConfig.validateName(stream); // the name goes into the request path
    this.http = http;
    this.stream = stream;
    this.printer = printer;
    this.max = max;
  }

  /**
   * Prints each partition's records from its start up to its durable end, then, if {@code follow},
   * new ones until {@code --max} records are printed, the output is closed or the thread is
   * interrupted (which ends it quietly, keeping the interrupt).
   *
   * @param partition the one partition to read, or null for all
   * @param fromOffset the first offset, or null
   * @param fromTime the earliest event time in epoch milliseconds, or null; when neither is given
   *     each partition starts at its oldest retained record
   * @throws ServerCallException with the server's message if a request fails
   */
  void read(Integer partition, Long fromOffset, Long fromTime, boolean follow) {
    List<Cursor> cursors = cursors(partition, fromOffset, fromTime);
    for (Cursor c : cursors) {
      drain(c);
    }
    if (follow && more()) {
      try {
        follow(cursors);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The start of each partition to read. With one partition its {@code fromOffset} goes to the
   * server as given, which refuses one out of range; over all partitions it is clamped into each
   * partition's range, as on the data directory.
   */
  private List<Cursor> cursors(Integer partition, Long fromOffset, Long fromTime) {
    String time = fromTime == null ? null : "&fromTime=" + fromTime;
    if (partition != null) {
      String start = fromOffset != null ? "&fromOffset=" + fromOffset : time;
      return List.of(new Cursor(partition, start));
    }
    JsonNode description = http.get("/streams/" + stream).orThrow().json();
    List<Cursor> cursors = new ArrayList<>();
    for (JsonNode p : description.path("partitionOffsets")) {
      String start = time;
      if (fromOffset != null) {
        long first = p.path("startOffset").asLong();
        long durableEnd = p.path("durableEnd").asLong();
        start = "&fromOffset=" + Math.min(Math.max(fromOffset, first), durableEnd);
      }
      cursors.add(new Cursor(p.path("partition").asInt(), start));
    }
    return cursors;
  }

  /** Prints the partition's records up to its durable end. */
  private void drain(Cursor c) {
    while (more()) {
      int asked = pageSize();
      int got;
      try (HttpStream answer = http.getStream(path(c, asked, 0)).orThrow()) {
        got = print(c, answer);
      }
      if (got < asked) {
        return;
      }
    }
  }

  private void follow(List<Cursor> cursors) throws InterruptedException {
    BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    Map<Cursor, CompletableFuture<HttpStream>> inFlight = new LinkedHashMap<>();
    try {
      cursors.forEach(c -> poll(c, answers, inFlight));
      while (more()) {
        Answer answer = answers.take();
        inFlight.remove(answer.cursor());
        try (HttpStream reply = join(answer.reply()).orThrow()) {
          print(answer.cursor(), reply);
        } catch (ServerCallException e) {
          if (interrupted(e)) {
            // Stopped while an answer was being read: the same clean stop as between answers.
            throw new InterruptedException("interrupted while reading " + stream);
          }
          throw e;
        }
        if (more()) {
          poll(answer.cursor(), answers, inFlight);
        }
      }
    } finally {
      inFlight.values().forEach(ServerReader::abandon);
    }
  }

  private void poll(
      Cursor c,
      BlockingQueue<Answer> answers,
      Map<Cursor, CompletableFuture<HttpStream>> inFlight) {
    CompletableFuture<HttpStream> reply =
        http.getStreamAsync(path(c, pageSize(), FOLLOW_WAIT_MS), Duration.ofMillis(FOLLOW_WAIT_MS));
    inFlight.put(c, reply);
    reply.whenComplete((stream, e) -> answers.add(new Answer(c, reply)));
  }

  /** Whether {@code e} failed because this thread was interrupted while it read an answer. */
  private static boolean interrupted(ServerCallException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }

  /** Cancels a request, or closes its answer if it has one already. */
  private static void abandon(CompletableFuture<HttpStream> reply) {
    if (!reply.cancel(true) && !reply.isCompletedExceptionally()) {
      reply.join().close();
    }
  }

  private static HttpStream join(CompletableFuture<HttpStream> reply) {
    try {
      return reply.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private String path(Cursor c, int max, long waitMs) {
    return "/streams/"
        + stream
        + "/events?partition="
        + c.partition
        + (c.start == null ? "" : c.start)
        + "&max="
        + max
        + "&waitMs="
        + waitMs
        + "&rawValues=true";
  }

  /** The records to ask for next: what is left of {@code --max}, at most a page, at least one. */
  private int pageSize() {
    return (int) Math.max(1, Math.min(PAGE, max - printed));
  }

  /**
   * Prints the records of one answer, up to the {@code --max} limit, and moves the cursor past the
   * last one.
   *
   * @return how many records the answer held
   */
  private int print(Cursor c, HttpStream answer) {
    int got = 0;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        LogRecord record = RecordLine.parse(line);
        got++;
        if (printed < max) {
          printer.print(record);
          printed++;
          c.start = "&fromOffset=" + (record.offset() + 1);
        }
      }
    } catch (IOException e) {
      throw new ServerCallException(
          ServerCallException.NO_ANSWER,
          null,
          "lost the answer of the server at " + http.base() + " while reading " + stream + ": " + e,
          null,
          e);
    }
    outputClosed = printer.outputClosed();
    return got;
  }

  /** Whether to keep printing: below {@code --max} and someone is still reading the output. */
  private boolean more() {
    return printed < max && !outputClosed;
  }
}
