package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.internal.http.HttpReply;
import dev.kappa.cli.internal.http.KappaHttpClient;
import dev.kappa.cli.internal.http.ServerCallException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reader of {@code kappa demo}: on its own thread, asks {@code GET
 * /views/page-views-per-minute/state?key=/home} every {@value #PAUSE_MS} ms, as a dashboard would,
 * and counts the answers by the version that gave them, and the failures. Thread-safe.
 */
final class DemoQueries implements AutoCloseable {

  static final String KEY = "/home";
  private static final long PAUSE_MS = 20;

  private final KappaHttpClient http;
  private final Thread thread;
  private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
  private final List<Integer> versionsSeen = new ArrayList<>();
  private final Map<Integer, JsonNode> first = new ConcurrentHashMap<>();
  private final Map<Integer, JsonNode> last = new ConcurrentHashMap<>();
  private final AtomicLong errors = new AtomicLong();
  private volatile String lastError;
  private volatile boolean stopped;

  DemoQueries(KappaHttpClient http) {
    this.http = http;
    this.thread = new Thread(this::run, "kappa-demo-queries");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    String path = "/views/" + DemoCommand.VIEW + "/state?key=%2Fhome";
    while (!stopped) {
      try {
        HttpReply reply = http.get(path);
        if (reply.status() == 200) {
          JsonNode answer = reply.json();
          int version = answer.path("version").asInt();
          answers.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
          first.putIfAbsent(version, answer);
          last.put(version, answer);
          synchronized (versionsSeen) {
            if (versionsSeen.isEmpty() || versionsSeen.getLast() != version) {
              versionsSeen.add(version);
            }
          }
        } else {
          errors.incrementAndGet();
          lastError = reply.toException().getMessage();
        }
      } catch (ServerCallException e) {
        if (!stopped) {
          errors.incrementAndGet();
          lastError = e.getMessage();
        }
      }
      try {
        Thread.sleep(PAUSE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  long answers() {
    return answers.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long answers(int version) {
    AtomicLong count = answers.get(version);
    return count == null ? 0 : count.get();
  }

  long errors() {
    return errors.get();
  }

  String lastError() {
    return lastError;
  }

  /** The versions that answered, in order, each once per run of answers. */
  List<Integer> versionsSeen() {
    synchronized (versionsSeen) {
      return List.copyOf(versionsSeen);
    }
  }

  /** The first answer {@code version} gave, or null. */
  JsonNode firstAnswer(int version) {
    return first.get(version);
  }

  /** The last answer {@code version} gave, or null. */
  JsonNode lastAnswer(int version) {
    return last.get(version);
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
