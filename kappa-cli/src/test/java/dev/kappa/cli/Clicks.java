package dev.kappa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Click events of {@link Schemas#CLICK_V1} as input lines, and the JSON a reader must get back for
 * each, computed here independently of the code under test.
 */
final class Clicks {

  static final ObjectMapper JSON = new ObjectMapper();
  static final long BASE = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
  private static final String[] PAGES = {
    "/", "/cart", "/ünïcödé/✓", "/a \"quoted\" page", "/p?q=1"
  };

  /**
   * One event.
   *
   * @param line the input line
   * @param expected the value a reader gets: the same fields, {@code ts} as an ISO-8601 instant
   * @param ts the event time in epoch millis
   */
  record Click(String line, JsonNode expected, long ts) {}

  private Clicks() {}

  /** {@code count} random valid clicks from {@code random}. */
  static List<Click> random(Random random, int count) {
    List<Click> clicks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clicks.add(
          click(
              "u" + random.nextInt(50),
              PAGES[random.nextInt(PAGES.length)],
              BASE + random.nextInt(1_000_000_000),
              random.nextInt()));
    }
    return clicks;
  }

  static Click click(String user, String page, long ts, int n) {
    ObjectNode in = JSON.createObjectNode().put("user", user).put("page", page).put("ts", ts);
    in.put("n", n);
    ObjectNode out = in.deepCopy().put("ts", Instant.ofEpochMilli(ts).toString());
    return new Click(in.toString(), out, ts);
  }

  /** The lines joined, each ending in a newline. */
  static String lines(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  static List<String> linesOf(List<Click> clicks) {
    return clicks.stream().map(Click::line).toList();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
