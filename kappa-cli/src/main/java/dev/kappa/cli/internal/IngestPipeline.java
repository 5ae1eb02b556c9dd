package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.HttpReply;
import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.cli.internal.http.ServerCallException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts {@link EventBatch}es to {@code POST /streams/{stream}/events} with at most {@code
 * maxInFlight} requests outstanding: {@link #submit} blocks while the pipeline is full. Each
 * request is answered only once its events are durable.
 *
 * <p>The first rejected batch (some events invalid, none appended) or failed request stops the
 * pipeline: later {@link #submit} calls send nothing and return false. Requests already in flight
 * still complete and are counted.
 *
 * <p>Ordering: batches are sent in input order, but with more than one in flight the server may
 * append a later batch before an earlier one; with {@code maxInFlight} 1 every partition keeps the
 * input's order.
 *
 * <p>{@link #submit} and {@link #finish} are called from one thread; replies arrive on the HTTP
 * client's threads. With an ack writer each accepted batch prints, per partition it reached, {@code
 * acked <partition> <lastOffset>} (or {@code dead-lettered <partition> <lastOffset>} for the
 * dead-letter stream), one flushed line each, in completion order.
 */
final class IngestPipeline {

  /** A batch the server refused because some of its events are invalid. */
  record Rejection(EventBatch batch, List<EventError> errors) {}

  /** Why one event of a rejected batch is invalid; {@code path} may be null. */
  record EventError(int index, String code, String path, String message) {}

  private final KappaHttpClient http;
  private final String stream;
  private final String path;
  private final IngestFormat format;
  private final String idempotencyKey;
  private final PrintWriter acks;
  private final int maxInFlight;
  private final Semaphore permits;
  private final IngestTally tally = new IngestTally();
  private final List<Rejection> rejections = new ArrayList<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean stopped;

  /**
   * @param idempotencyKey the {@code --idempotency-key}, or null; batch {@code n} is sent with
   *     {@code Idempotency-Key: <key>-<n>}
   * @param acks where to report acknowledged batches, or null
   */
  IngestPipeline(
      KappaHttpClient http,
      String stream,
      IngestFormat format,
      boolean deadLetter,
      String idempotencyKey,
      PrintWriter acks,
      int maxInFlight) {
    this.http = http;
    this.stream = stream;
    this.path = "/streams/" + stream + "/events" + (deadLetter ? "?onInvalid=deadletter" : "");
    this.format = format;
    this.idempotencyKey = idempotencyKey;
    this.acks = acks;
    this.maxInFlight = maxInFlight;
    this.permits = new Semaphore(maxInFlight);
  }

  /**
   * Sends {@code batch} once there is room in the pipeline.
   *
   * @return false, sending nothing, if the pipeline has stopped
   */
  boolean submit(EventBatch batch) throws InterruptedException {
    permits.acquire();
    if (stopped) {
      permits.release();
      return false;
    }
    Map<String, String> headers =
        idempotencyKey == null
            ? Map.of()
            : Map.of("Idempotency-Key", idempotencyKey + "-" + batch.number());
    tally.sent(batch.size());
    http.postAsync(path, format.body(batch.events()), format.mediaType(), headers)
        .whenComplete(
            (reply, e) -> {
              try {
                if (e != null) {
                  fail(e instanceof RuntimeException r ? r : new IllegalStateException(e));
                } else {
                  handle(batch, reply);
                }
              } catch (RuntimeException unexpected) {
                fail(unexpected);
              } finally {
                permits.release();
              }
            });
    return true;
  }

  /** Waits until every request sent has been answered. */
  void finish() throws InterruptedException {
    permits.acquire(maxInFlight);
    permits.release(maxInFlight);
  }

  IngestTally tally() {
    return tally;
  }

  /** The rejected batches, in batch order; complete after {@link #finish}. */
  List<Rejection> rejections() {
    synchronized (rejections) {
      List<Rejection> sorted = new ArrayList<>(rejections);
      sorted.sort(Comparator.comparingInt(r -> r.batch().number()));
      return sorted;
    }
  }

  /** The first request that failed other than by rejection, or null. */
  RuntimeException failure() {
    return failure.get();
  }

  private void handle(EventBatch batch, HttpReply reply) {
    if (reply.ok()) {
      JsonNode body = reply.json();
      tally.accepted(
          body.path("appended").asLong(),
          body.path("duplicates").asLong(),
          body.path("deadLettered").asLong());
      report(body.path("events"));
      return;
    }
    ServerCallException error = reply.toException();
    if ("invalid_events".equals(error.code())) {
      reject(batch, errors(error.error().path("events")));
    } else if (format == IngestFormat.JSON && "malformed_json".equals(error.code())) {
      // One event per request: a malformed body is that one event being invalid.
      reject(batch, List.of(new EventError(0, error.code(), null, error.getMessage())));
    } else {
      fail(error);
    }
  }

  private void reject(EventBatch batch, List<EventError> errors) {
    tally.rejected(batch.size());
    synchronized (rejections) {
      rejections.add(new Rejection(batch, errors));
    }
    stopped = true;
  }

  private void fail(RuntimeException e) {
    failure.compareAndSet(null, e);
    stopped = true;
  }

  private static List<EventError> errors(JsonNode events) {
    List<EventError> errors = new ArrayList<>();
    for (JsonNode e : events) {
      errors.add(
          new EventError(
              e.path("index").asInt(),
              e.path("code").asText(),
              e.path("path").isTextual() ? e.path("path").asText() : null,
              e.path("message").asText()));
    }
    return errors;
  }

  /** Prints the last offset per partition of each stream the batch reached. */
  private void report(JsonNode events) {
    if (acks == null) {
      return;
    }
    Map<Integer, Long> acked = new TreeMap<>();
    Map<Integer, Long> deadLettered = new TreeMap<>();
    for (JsonNode e : events) {
      Map<Integer, Long> target = e.path("stream").asText().equals(stream) ? acked : deadLettered;
      target.merge(e.path("partition").asInt(), e.path("offset").asLong(), Math::max);
    }
    synchronized (acks) {
      acked.forEach((p, offset) -> acks.print("acked " + p + " " + offset + "\n"));
      deadLettered.forEach((p, offset) -> acks.print("dead-lettered " + p + " " + offset + "\n"));
      acks.flush();
    }
  }
}
