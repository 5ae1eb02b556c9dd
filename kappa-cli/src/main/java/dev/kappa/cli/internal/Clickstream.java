package dev.kappa.cli.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic sample clickstream: NDJSON events {@code {"user":..,"page":..,"action":..,
 * "ts":..}} whose ISO-8601 event times advance by about a second each, slightly out of order, as
 * real client clocks are. The same seed always gives the same events.
 */
final class Clickstream {

  /** The event time of the first event. */
  static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

  private static final String[] PAGES = {
    "/home", "/search", "/products/1", "/products/2", "/products/3", "/cart", "/checkout"
  };
  private static final String[] ACTIONS = {"view", "view", "view", "click", "scroll"};
  private static final int USERS = 50;

  private Clickstream() {}

  /** {@code count} events as UTF-8 NDJSON lines, without newlines. */
  static List<byte[]> events(int count, long seed) {
    Random random = new Random(seed);
    List<byte[]> lines = new ArrayList<>(count);
    long time = START.toEpochMilli();
    for (int i = 0; i < count; i++) {
      time += 500 + random.nextInt(1000);
      long jitter = random.nextInt(10) == 0 ? -random.nextInt(3000) : 0;
      String line =
          String.format(
              "{\"user\":\"u%d\",\"page\":\"%s\",\"action\":\"%s\",\"ts\":\"%s\"}",
              1 + random.nextInt(USERS),
              PAGES[random.nextInt(PAGES.length)],
              ACTIONS[random.nextInt(ACTIONS.length)],
              Instant.ofEpochMilli(time + jitter));
      lines.add(line.getBytes(StandardCharsets.UTF_8));
    }
    return lines;
  }
}
