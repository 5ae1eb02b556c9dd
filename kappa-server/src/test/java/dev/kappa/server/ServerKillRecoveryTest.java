package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.Sales.Logged;
import dev.kappa.server.Sales.Sale;
import dev.kappa.server.TestServer.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 recovery of the server: a {@link ServerKillHost} in a child JVM runs a real server with
 * {@link SalesViewProvider}'s views on one data directory while this test ingests seeded random
 * sales over HTTP from two threads, and is killed with SIGKILL at a random moment, round after
 * round, each round restarting on the same data directory. Some kills come before the server
 * listens, during the recovery of the log and the views. At the end a last server lets the views
 * catch up; then every acknowledged sale must be in the log where its acknowledgement placed it, no
 * sale twice, and the views' state must equal the reference fold ({@link Sales#fold}) over the
 * records in the log.
 *
 * <p>System properties: {@code kappa.test.rounds} sets the number of kills (default 8, about 30 s);
 * {@code kappa.seed} replays a seed's sales and kill moments (printed in every failure).
 */
class ServerKillRecoveryTest {

  private static final int SIGKILL_EXIT = ServerChild.SIGKILL_EXIT;
  private static final int PARTITIONS = 3;
  private static final int INGEST_THREADS = 2;
  private static final int MAX_STATE_RESULTS = 10_000;

  @TempDir Path dir;

  private final HttpClient client = ServerChild.client();

  @Test
  void sigkillDuringIngestAndProcessing_manyTimes_losesNoAcknowledgedSale_andViewsEqualTheFold()
      throws Exception {
    int rounds = Integer.getInteger("kappa.test.rounds", 8);
    long seed = Long.getLong("kappa.seed", ThreadLocalRandom.current().nextLong());
    Random random = new Random(seed);
    Sales.Generator sales = new Sales.Generator(new Random(random.nextLong()));
    Map<Long, String> acknowledged = new HashMap<>();
    for (int round = 0; round < rounds; round++) {
      acknowledged.putAll(killRound(round, "seed " + seed + ", round " + round, random, sales));
    }
    catchUpAndCheck(acknowledged, "seed " + seed + ", catching up", rounds);
  }

  /**
   * Starts a child and kills it: in some rounds while it recovers, before it listens; else while
   * the test ingests into it, early or later. Returns the acknowledged sales' positions.
   */
  private Map<Long, String> killRound(int round, String what, Random random, Sales.Generator sales)
      throws Exception {
    Path output = dir.resolve("round-" + round + ".out");
    Process child = start(output);
    List<SaleIngest> ingests = new ArrayList<>();
    try {
      if (round > 0 && random.nextInt(4) == 0) {
        Thread.sleep(random.nextInt(1_500)); // while the log and the views recover
      } else {
        URI base = awaitListening(child, output, what);
        if (round == 0) {
          createStream(base, what);
        }
        for (int i = 0; i < INGEST_THREADS; i++) {
          ingests.add(SaleIngest.start(client, base, sales, new Random(random.nextLong())));
        }
        Thread.sleep(random.nextBoolean() ? random.nextInt(100) : 100 + random.nextInt(1_200));
        assertThat(child.isAlive())
            .as("%s: the child died by itself: %s", what, read(output))
            .isTrue();
      }
    } finally {
      ingests.forEach(SaleIngest::killing);
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(child.exitValue()).as("%s: killed by SIGKILL", what).isEqualTo(SIGKILL_EXIT);
    Map<Long, String> acknowledged = new HashMap<>();
    for (SaleIngest ingest : ingests) {
      acknowledged.putAll(ingest.stop(what));
    }
    return acknowledged;
  }

  /** Starts a last child, lets its views catch up and checks the log and the views' state. */
  private void catchUpAndCheck(Map<Long, String> acknowledged, String what, int rounds)
      throws Exception {
    Path output = dir.resolve("catch-up.out");
    Process child = start(output);
    try {
      URI base = awaitListening(child, output, what);
      awaitCaughtUp(base, what);
      List<Logged> log = readLog(base, what);
      checkAcknowledged(log, acknowledged, what);
      Sales.Expected expected = Sales.fold(log, PARTITIONS);
      checkViews(base, expected, what);
      System.out.printf(
          "%s: %d rounds, %d sales in the log, %d acknowledged, %d late, %d windows%n",
          what,
          rounds,
          log.size(),
          acknowledged.size(),
          expected.late(),
          expected.perMinute().size());
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void createStream(URI base, String what) {
    ServerChild.createStream(
        client, base, SalesViewProvider.STREAM, PARTITIONS, SalesViewProvider.SCHEMA, what);
  }

  /** Waits until both views run and have committed every partition up to its durable end. */
  private void awaitCaughtUp(URI base, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (String view : List.of(SalesViewProvider.PER_MINUTE, SalesViewProvider.AMOUNTS)) {
      JsonNode status = get(base, "/views/" + view + "/versions/1", what);
      while (!caughtUp(status)) {
        if (System.nanoTime() > deadline) {
          fail("%s: view %s did not catch up in time: %s", what, view, status);
        }
        Thread.sleep(50);
        status = get(base, "/views/" + view + "/versions/1", what);
      }
    }
  }

  private static boolean caughtUp(JsonNode status) {
    if (!status.get("state").asText().equals("RUNNING") || status.get("lag").asLong() != 0) {
      return false;
    }
    for (JsonNode p : status.get("partitions")) {
      if (p.get("committedOffset").asLong() != p.get("endOffset").asLong()) {
        return false;
      }
    }
    return true;
  }

  /** Every record of the stream, partition by partition in offset order, checked to be gapless. */
  private List<Logged> readLog(URI base, String what) {
    List<Logged> log = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      long next = 0;
      while (true) {
        String path =
            "/streams/%s/events?partition=%d&fromOffset=%d&max=100000"
                .formatted(SalesViewProvider.STREAM, p, next);
        Reply reply = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        assertThat(reply.status()).as("%s: reading %s: %s", what, path, reply).isEqualTo(200);
        List<JsonNode> lines = reply.lines();
        if (lines.isEmpty()) {
          break;
        }
        for (JsonNode line : lines) {
          assertThat(line.get("offset").asLong()).as("%s: offset in %d", what, p).isEqualTo(next);
          JsonNode value = line.get("value");
          assertThat(value).as("%s: value of %s", what, line).isNotNull();
          Sale sale =
              new Sale(
                  value.get("id").asLong(),
                  value.get("key").asText(),
                  value.get("amount").asLong(),
                  timestamp(value.get("ts")));
          long eventTime = line.get("eventTime").asLong();
          assertThat(eventTime).as("%s: event time of %s", what, line).isEqualTo(sale.ts());
          log.add(new Logged(p, next++, eventTime, sale));
        }
      }
    }
    return log;
  }

  /** A {@code timestamp-millis} as the read endpoint gives it: an ISO-8601 instant. */
  private static long timestamp(JsonNode ts) {
    return ts.isNumber() ? ts.asLong() : Instant.parse(ts.asText()).toEpochMilli();
  }

  /** Each sale is in the log at most once, each acknowledged one where its acknowledgement says. */
  private static void checkAcknowledged(
      List<Logged> log, Map<Long, String> acknowledged, String what) {
    Map<Long, String> logged = new HashMap<>();
    for (Logged record : log) {
      String earlier = logged.put(record.sale().id(), record.position());
      assertThat(earlier)
          .as("%s: sale %d at %s and %s", what, record.sale().id(), earlier, record.position())
          .isNull();
    }
    Map<Long, String> missing = new TreeMap<>();
    acknowledged.forEach(
        (id, position) -> {
          if (!position.equals(logged.get(id))) {
            missing.put(id, position + " but logged at " + logged.get(id));
          }
        });
    assertThat(missing)
        .as("%s: acknowledged sales not in the log where acknowledged", what)
        .isEmpty();
  }

  private void checkViews(URI base, Sales.Expected expected, String what) {
    Map<String, Long> counts = new TreeMap<>();
    for (String key : Sales.KEYS) {
      JsonNode state =
          get(
              base,
              "/views/%s/state?key=%s&limit=%d"
                  .formatted(SalesViewProvider.PER_MINUTE, key, MAX_STATE_RESULTS),
              what);
      assertThat(state.get("results").size())
          .as("%s: windows of %s fit one answer", what, key)
          .isLessThan(MAX_STATE_RESULTS);
      // No watermark yet (a partition without records) is null, the reference's MIN_VALUE.
      JsonNode watermark = state.at("/progress/watermark");
      assertThat(watermark.isNull() ? Long.MIN_VALUE : watermark.asLong())
          .as("%s: watermark", what)
          .isEqualTo(expected.watermark());
      for (JsonNode result : state.get("results")) {
        long start = result.at("/window/start").asLong();
        assertThat(result.get("closed").asBoolean())
            .as("%s: closed flag of %s", what, result)
            .isEqualTo(expected.closed(start));
        counts.put(key + "@" + start, result.get("value").asLong());
      }
    }
    assertThat(counts).as("%s: sales per key per minute", what).isEqualTo(expected.perMinute());
    JsonNode detail = get(base, "/views/" + SalesViewProvider.PER_MINUTE + "/versions/1", what);
    assertThat(detail.get("late").asLong()).as("%s: late sales", what).isEqualTo(expected.late());

    JsonNode scan = get(base, "/views/" + SalesViewProvider.AMOUNTS + "/state?limit=1000", what);
    Map<String, Long> amounts = new TreeMap<>();
    for (JsonNode result : scan.get("results")) {
      assertThat(result.has("window")).as("%s: unwindowed %s", what, result).isFalse();
      amounts.put(result.get("key").asText(), result.get("value").asLong());
    }
    assertThat(amounts).as("%s: amount per key", what).isEqualTo(expected.amounts());
  }

  private JsonNode get(URI base, String path, String what) {
    return ServerChild.get(client, base, path, what);
  }

  private Reply send(HttpRequest.Builder request) {
    return TestServer.send(client, request);
  }

  private Process start(Path output) throws IOException {
    return ServerChild.start(dir, output, List.of(SalesViewProvider.class));
  }

  private static URI awaitListening(Process child, Path output, String what)
      throws InterruptedException {
    return ServerChild.awaitListening(child, output, what);
  }

  private static String read(Path file) {
    return ServerChild.read(file);
  }
}
