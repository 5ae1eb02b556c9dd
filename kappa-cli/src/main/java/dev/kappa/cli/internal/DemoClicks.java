package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.cli.internal.http.HttpReply;
import dev.kappa.cli.internal.http.KappaHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The click generator of {@code kappa demo}: on its own thread, posts CloudEvents batches of clicks
 * to {@code POST /streams/clicks/events?onInvalid=deadletter} at a steady rate, ten batches a
 * second. About {@value #LATE_PERCENT}% of clicks are late (event time 2 to 10 minutes ago, as from
 * a phone that was offline), {@value #INVALID_PER_MILLE}‰ are invalid (a {@code time} that is not
 * RFC 3339, so the server dead-letters them), and {@value #BOT_PERCENT}% come from crawlers.
 *
 * <p>The counters are the server's answers, not what was meant to happen. Thread-safe.
 */
final class DemoClicks implements AutoCloseable {

  static final int LATE_PERCENT = 1;
  static final int INVALID_PER_MILLE = 5;
  static final int BOT_PERCENT = 15;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IN_FLIGHT = 4;
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final String[] PAGES = {
    "/home", "/home", "/search", "/products/1", "/products/2", "/products/3", "/cart", "/checkout"
  };
  private static final String[] ACTIONS = {"view", "view", "view", "click", "scroll"};
  private static final String[] PEOPLE = {
    "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5) Safari/605.1",
    "Mozilla/5.0 (Windows NT 10.0) Chrome/126.0"
  };
  private static final String[] BOTS = {"Googlebot/2.1", "bingbot/2.0", "DuckDuckBot/1.1"};

  private final KappaHttpClient http;
  private final int rate;
  private final Random random;
  private final String runId;
  private final Thread thread;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private volatile boolean stopped;
  private long sequence;

  final AtomicLong sent = new AtomicLong();
  final AtomicLong appended = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong late = new AtomicLong();
  final AtomicLong failedRequests = new AtomicLong();
  private volatile String lastFailure;

  DemoClicks(KappaHttpClient http, int rate, long seed) {
    this.http = http;
    this.rate = rate;
    this.random = new Random(seed);
    this.runId = Long.toString(System.currentTimeMillis(), 36);
    this.thread = new Thread(this::run, "kappa-demo-clicks");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Why the last refused request was refused, or null. */
  String lastFailure() {
    return lastFailure;
  }

  private void run() {
    double owed = 0;
    long next = System.nanoTime();
    while (!stopped) {
      owed += rate / 10.0;
      int count = (int) owed;
      owed -= count;
      try {
        if (count > 0) {
          post(batch(count));
        }
      } catch (InterruptedException e) {
        return;
      }
      next = Math.max(next + TICK_NANOS, System.nanoTime() - 10 * TICK_NANOS);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Posts without waiting for the answer, with at most {@value #IN_FLIGHT} posts in flight. */
  private void post(byte[] body) throws InterruptedException {
    inFlight.acquire();
    http.postAsync(
            "/streams/" + DemoCommand.STREAM + "/events?onInvalid=deadletter",
            body,
            "application/cloudevents-batch+json",
            Map.of())
        .whenComplete(
            (reply, e) -> {
              inFlight.release();
              tally(reply, e);
            });
  }

  private void tally(HttpReply reply, Throwable e) {
    if (reply != null && reply.ok()) {
      JsonNode answer = reply.json();
      appended.addAndGet(answer.path("appended").asLong());
      deadLettered.addAndGet(answer.path("deadLettered").asLong());
    } else if (!stopped) {
      failedRequests.incrementAndGet();
      lastFailure = reply != null ? reply.toException().getMessage() : e.getMessage();
    }
  }

  private byte[] batch(int count) {
    ArrayNode events = JSON.createArrayNode();
    long now = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      events.add(click(now));
    }
    sent.addAndGet(count);
    try {
      return JSON.writeValueAsBytes(events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode click(long now) {
    String user = "u" + (1 + random.nextInt(500));
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", runId + "-" + sequence++);
    event.put("source", "/kappa/demo");
    event.put("type", "dev.kappa.demo.click");
    event.put("partitionkey", user);
    event.put("datacontenttype", "application/json");
    int roll = random.nextInt(1000);
    if (roll < INVALID_PER_MILLE) {
      event.put("time", "01/05/2026 12:00"); // a client that formats its own dates
    } else if (roll < INVALID_PER_MILLE + 10 * LATE_PERCENT) {
      late.incrementAndGet();
      event.put("time", Instant.ofEpochMilli(now - 60_000L * (2 + random.nextInt(9))).toString());
    } else {
      event.put("time", Instant.ofEpochMilli(now).toString());
    }
    ObjectNode data = event.putObject("data");
    data.put("user", user);
    data.put("page", PAGES[random.nextInt(PAGES.length)]);
    data.put("action", ACTIONS[random.nextInt(ACTIONS.length)]);
    boolean bot = random.nextInt(100) < BOT_PERCENT;
    data.put("agent", bot ? BOTS[random.nextInt(BOTS.length)] : PEOPLE[random.nextInt(3)]);
    return event;
  }

  /** Stops generating and waits up to 10 s for the answers to the posts in flight. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      if (inFlight.tryAcquire(IN_FLIGHT, 10, TimeUnit.SECONDS)) {
        inFlight.release(IN_FLIGHT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
