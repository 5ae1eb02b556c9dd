package dev.kappa.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random click events for {@link TestViewProvider}'s views, and what those views must compute from
 * them, worked out here independently of the engine, per partition in offset order as the engine's
 * rules state them: a record's event time raises its partition's maximum unless the view's code
 * throws on it; a windowed record is late if its window ends at or before that maximum; a window is
 * closed once it ends at or before every partition's maximum.
 */
final class Clicks {

  static final long BASE = 1_714_564_800_000L; // 2024-05-01T12:00:00Z
  static final long MINUTE = 60_000;
  static final String[] PAGES = {"/home", "/search", "/cart", "/products/1", "/products/2"};

  private Clicks() {}

  /** One event, and where the log put it (-1 until ingested). */
  record Click(long user, String page, String action, long ts, int partition, long offset) {

    String json() {
      return String.format(
          "{\"user\":%d,\"page\":\"%s\",\"action\":\"%s\",\"ts\":%d}", user, page, action, ts);
    }

    Click placed(int partition, long offset) {
      return new Click(user, page, action, ts, partition, offset);
    }

    String position() {
      return partition + "@" + offset;
    }
  }

  /**
   * {@code count} events about a second apart over 20 users; about one in 12 is five minutes late,
   * one in 40 is on {@link TestViewProvider#BOOM} an hour early. Event times are all distinct.
   */
  static List<Click> generate(Random random, int count) {
    List<Click> clicks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long user = 1 + random.nextInt(20);
      String action = random.nextInt(3) == 0 ? "click" : "view";
      int kind = random.nextInt(120);
      if (kind < 3) {
        clicks.add(new Click(user, TestViewProvider.BOOM, "click", BASE - 3_600_000 - i, -1, -1));
      } else if (kind < 13 && i > 300) {
        long late = BASE + (i - 300) * 1000L + 500 + random.nextInt(500);
        clicks.add(new Click(user, PAGES[random.nextInt(PAGES.length)], action, late, -1, -1));
      } else {
        long ts = BASE + i * 1000L + random.nextInt(500);
        clicks.add(new Click(user, PAGES[random.nextInt(PAGES.length)], action, ts, -1, -1));
      }
    }
    return clicks;
  }

  /**
   * What a per-page, per-minute count computes.
   *
   * @param counts {@code page@windowStart} to count
   * @param late positions ({@code partition@offset}) of late records
   * @param errors positions of records the view's code threw on
   * @param watermark the smallest partition maximum
   */
  record PageCounts(
      Map<String, Long> counts, List<String> late, List<String> errors, long watermark) {

    boolean closed(long windowStart) {
      return windowStart + MINUTE <= watermark;
    }
  }

  /**
   * @param boomFails whether {@link TestViewProvider#BOOM} clicks throw (version 1)
   * @param viewsOnly whether only {@code view} actions count (version 2)
   */
  static PageCounts pageCounts(List<Click> placed, boolean boomFails, boolean viewsOnly) {
    Map<String, Long> counts = new TreeMap<>();
    List<String> late = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<Integer, Long> max = new HashMap<>();
    for (Click c : inLogOrder(placed)) {
      if (boomFails && c.page().equals(TestViewProvider.BOOM)) {
        errors.add(c.position());
        continue;
      }
      long partitionMax = Math.max(max.getOrDefault(c.partition(), Long.MIN_VALUE), c.ts());
      max.put(c.partition(), partitionMax);
      if (viewsOnly && !c.action().equals("view")) {
        continue;
      }
      long start = Math.floorDiv(c.ts(), MINUTE) * MINUTE;
      if (start + MINUTE <= partitionMax) {
        late.add(c.position());
      } else {
        counts.merge(c.page() + "@" + start, 1L, Long::sum);
      }
    }
    long watermark = max.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
    return new PageCounts(counts, late, errors, watermark);
  }

  /** Clicks per user over all time. */
  static Map<Long, Long> perUser(List<Click> placed) {
    Map<Long, Long> counts = new TreeMap<>();
    placed.forEach(c -> counts.merge(c.user(), 1L, Long::sum));
    return counts;
  }

  /** The pages of a user's two latest clicks, latest first. */
  static List<String> topTwoPages(List<Click> placed, long user) {
    return placed.stream()
        .filter(c -> c.user() == user)
        .sorted(Comparator.comparingLong(Click::ts).reversed())
        .limit(2)
        .map(Click::page)
        .toList();
  }

  /** Creates {@link TestViewProvider#STREAM} on {@code server}, event time from {@code ts}. */
  static void createStream(TestServer server, int partitions) {
    TestServer.Reply reply =
        server.put(
            "/streams/" + TestViewProvider.STREAM,
            "{\"partitions\":"
                + partitions
                + ",\"eventTimeField\":\"ts\",\"schema\":"
                + TestViewProvider.SCHEMA
                + "}");
    if (reply.status() != 201) {
      throw new AssertionError("creating " + TestViewProvider.STREAM + ": " + reply);
    }
  }

  /**
   * Ingests {@code clicks} into {@link TestViewProvider#STREAM} in batches of {@code batch}, and
   * returns them placed where the log put each.
   */
  static List<Click> ingest(TestServer server, List<Click> clicks, int batch) {
    List<Click> placed = new ArrayList<>();
    for (int from = 0; from < clicks.size(); from += batch) {
      List<Click> part = clicks.subList(from, Math.min(clicks.size(), from + batch));
      StringBuilder body = new StringBuilder();
      part.forEach(c -> body.append(c.json()).append('\n'));
      TestServer.Reply reply =
          server.post(
              "/streams/" + TestViewProvider.STREAM + "/events",
              "application/x-ndjson",
              body.toString());
      if (reply.status() != 200) {
        throw new AssertionError("ingesting clicks: " + reply);
      }
      for (var event : reply.json().get("events")) {
        Click click = part.get(event.get("index").asInt());
        placed.add(click.placed(event.get("partition").asInt(), event.get("offset").asLong()));
      }
    }
    return placed;
  }

  private static List<Click> inLogOrder(List<Click> placed) {
    return placed.stream()
        .sorted(Comparator.comparingInt(Click::partition).thenComparingLong(Click::offset))
        .toList();
  }
}
