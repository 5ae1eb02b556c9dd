package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a real server ({@link ServerChild}) while a new view version replays the log. A first
 * server runs version 1 of {@link ReplayViewProvider}'s view (amount per key) over seeded random
 * orders; the next ones also define version 2 ({@link ReplayViewProvider.Version2}: orders per key,
 * slow to replay), which the server deploys at start beside version 1. Each is killed with SIGKILL
 * once the candidate has committed part of its replay. After every restart version 1 answers
 * queries at once, and the candidate resumes from its last commit, not from the beginning; at the
 * end it takes over by itself, and each version's answers equal the reference fold over the orders.
 *
 * <p>About 30 s. {@code kappa.seed} replays a seed's orders and kill moments (printed in every
 * failure).
 */
class DeploymentKillRecoveryTest {

  private static final int PARTITIONS = 3;
  private static final int ORDERS = 750;
  private static final int KILLS = 2;
  private static final String VIEW = "/views/" + ReplayViewProvider.VIEW;
  private static final List<Class<?>> VERSION_1 = List.of(ReplayViewProvider.class);
  private static final List<Class<?>> VERSIONS_1_AND_2 =
      List.of(ReplayViewProvider.class, ReplayViewProvider.Version2.class);

  @TempDir Path dir;

  private final HttpClient client = ServerChild.client();

  /** One order as it is ingested. */
  private record Order(String key, long amount, long ts, String pad) {

    String json() {
      return String.format(
          "{\"key\":\"%s\",\"amount\":%d,\"ts\":%d,\"pad\":\"%s\"}", key, amount, ts, pad);
    }
  }

  @Test
  void sigkillDuringTheReplayOfANewVersion_oldVersionServesAtOnce_andTheReplayResumesFromItsCommit()
      throws Exception {
    long began = System.nanoTime();
    long seed = Long.getLong("kappa.seed", ThreadLocalRandom.current().nextLong());
    Random random = new Random(seed);
    String what = "seed " + seed;
    List<Order> orders = orders(random);
    Map<String, Long> amounts = new TreeMap<>();
    Map<String, Long> counts = new TreeMap<>();
    for (Order order : orders) {
      amounts.merge(order.key(), order.amount(), Long::sum);
      counts.merge(order.key(), 1L, Long::sum);
    }

    Process first = ServerChild.start(dir, dir.resolve("version-1.out"), VERSION_1);
    try {
      URI base = ServerChild.awaitListening(first, dir.resolve("version-1.out"), what);
      ServerChild.createStream(
          client, base, ReplayViewProvider.STREAM, PARTITIONS, ReplayViewProvider.SCHEMA, what);
      ingest(base, orders, what);
      awaitUntil(what + ": version 1 caught up", () -> caughtUp(status(base, 1, what)));
    } finally {
      ServerChild.kill(first);
    }

    long committedBefore = 0;
    for (int round = 0; round <= KILLS; round++) {
      String at = what + ", round " + round;
      Path output = dir.resolve("round-" + round + ".out");
      Process child = ServerChild.start(dir, output, VERSIONS_1_AND_2);
      try {
        URI base = ServerChild.awaitListening(child, output, at);
        JsonNode answer = get(base, VIEW + "/state?limit=1000", at);
        assertThat(answer.get("version").asInt()).as("%s: version 1 serves at once", at).isOne();
        assertThat(results(answer)).as("%s: amount per key", at).isEqualTo(amounts);

        JsonNode candidate = status(base, 2, at);
        long committed = committed(candidate);
        System.out.printf(
            "%s: the candidate restarts at %d of %d, %d ms into the test%n",
            at, committed, ORDERS, (System.nanoTime() - began) / 1_000_000);
        if (round > 0) {
          assertThat(committed)
              .as("%s: the candidate resumes from its last commit: %s", at, candidate)
              .isPositive()
              .isGreaterThanOrEqualTo(committedBefore);
        }
        if (round == KILLS) {
          awaitUntil(
              at + ": version 2 takes over",
              () -> get(base, VIEW, at).get("servingVersion").asInt() == 2);
          JsonNode last = get(base, VIEW + "/state?limit=1000", at);
          assertThat(last.get("version").asInt()).isEqualTo(2);
          assertThat(last.at("/progress/processed").asLong()).isEqualTo(ORDERS);
          assertThat(results(last)).as("%s: orders per key", at).isEqualTo(counts);
          checkHistory(base, at);
          return;
        }
        awaitUntil(
            at + ": the candidate commits", () -> committed(status(base, 2, at)) > committed);
        Thread.sleep(random.nextInt(500)); // the kill lands somewhere before the next commit
        JsonNode beforeKill = status(base, 2, at);
        committedBefore = committed(beforeKill);
        if (!beforeKill.get("role").asText().equals("candidate")
            || beforeKill.get("lag").asLong() == 0) {
          fail("%s: the replay ended before the kill; make the log longer: %s", at, beforeKill);
        }
      } finally {
        ServerChild.kill(child);
      }
      assertThat(child.exitValue())
          .as("%s: killed by SIGKILL", at)
          .isEqualTo(ServerChild.SIGKILL_EXIT);
    }
  }

  /** {@value #ORDERS} orders over 8 keys, a second apart, each with random padding. */
  private static List<Order> orders(Random random) {
    List<Order> orders = new ArrayList<>();
    char[] pad = new char[ReplayViewProvider.PAD_CHARS];
    for (int i = 0; i < ORDERS; i++) {
      for (int c = 0; c < pad.length; c++) {
        pad[c] = (char) ('a' + random.nextInt(26));
      }
      orders.add(
          new Order(
              "k" + random.nextInt(8),
              random.nextInt(1_000) - 100,
              Sales.BASE + i * 1_000L,
              new String(pad)));
    }
    return orders;
  }

  /** Version 2 was deployed once, at start, and took over by itself once it had caught up. */
  private void checkHistory(URI base, String what) {
    List<String> events = new ArrayList<>();
    for (JsonNode event : get(base, VIEW + "/history", what).get("events")) {
      events.add(
          event.get("action").asText()
              + " "
              + event.get("build").asLong()
              + " v"
              + event.get("version").asInt()
              + " by "
              + event.get("actor").asText());
    }
    assertThat(events)
        .as("%s: history", what)
        .containsExactly(
            "DEPLOY 1 v1 by kappa",
            "PROMOTE 1 v1 by kappa",
            "DEPLOY 2 v2 by kappa",
            "PROMOTE 2 v2 by kappa");
  }

  private void ingest(URI base, List<Order> orders, String what) {
    URI events = base.resolve("/streams/" + ReplayViewProvider.STREAM + "/events");
    for (int from = 0; from < orders.size(); from += 100) {
      StringBuilder body = new StringBuilder();
      orders
          .subList(from, Math.min(orders.size(), from + 100))
          .forEach(o -> body.append(o.json()).append('\n'));
      Reply reply =
          TestServer.send(
              client,
              HttpRequest.newBuilder(events)
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
      assertThat(reply.status()).as("%s: ingesting: %s", what, reply).isEqualTo(200);
    }
  }

  private JsonNode status(URI base, int version, String what) {
    return get(base, VIEW + "/versions/" + version, what);
  }

  private static boolean caughtUp(JsonNode status) {
    return status.get("state").asText().equals("RUNNING")
        && status.get("partitions").size() == PARTITIONS
        && status.get("lag").asLong() == 0;
  }

  /** The offsets a build has committed, summed over the partitions. */
  private static long committed(JsonNode status) {
    long sum = 0;
    for (JsonNode p : status.get("partitions")) {
      sum += p.get("committedOffset").asLong();
    }
    return sum;
  }

  private static Map<String, Long> results(JsonNode state) {
    Map<String, Long> results = new TreeMap<>();
    state.get("results").forEach(r -> results.put(r.get("key").asText(), r.get("value").asLong()));
    return results;
  }

  private static void awaitUntil(String what, Callable<Boolean> condition) {
    await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(condition);
  }

  private JsonNode get(URI base, String path, String what) {
    return ServerChild.get(client, base, path, what);
  }
}
