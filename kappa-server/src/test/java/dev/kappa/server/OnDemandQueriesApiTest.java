package dev.kappa.server;

import static dev.kappa.server.OnDemandEvents.T0;
import static dev.kappa.server.OnDemandReference.iso;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.log.Log;
import dev.kappa.server.OnDemandEvents.Click;
import dev.kappa.server.OnDemandReference.Cell;
import dev.kappa.server.TestServer.Reply;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-demand queries over real HTTP, checked against {@link OnDemandReference}: folds of the
 * generated events written apart from the server. The events are out of order within partitions and
 * spread beyond the queried ranges. The seed is random per run and printed in every assertion (set
 * {@code -Dkappa.test.seed=N} to repeat a run).
 */
class OnDemandQueriesApiTest {

  private static final long SEED = Long.getLong("kappa.test.seed", new Random().nextLong());
  private static final int EVENTS = 6000;
  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;
  private KappaServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicLong readDelayMs = new AtomicLong();
  private List<Click> clicks;

  @BeforeEach
  void start() {
    server =
        KappaServer.start(
            ServerConfig.builder()
                .dataDir(dir.resolve("data"))
                .port(0)
                .queries(new QuerySettings(1_000_000, 10_000, Duration.ofSeconds(30), 3))
                .build(),
            log -> slowReads(log, readDelayMs));
    assertThat(put("/streams/clicks", "{\"partitions\":3,\"schemaless\":true}").status())
        .isEqualTo(201);
    clicks = OnDemandEvents.generate(SEED, EVENTS);
    for (int i = 0; i < EVENTS; i += 2000) {
      Reply r =
          post(
              "/streams/clicks/events",
              "application/cloudevents-batch+json",
              OnDemandEvents.batch(clicks.subList(i, Math.min(EVENTS, i + 2000)), i));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void countByPage_inTumblingWindows_isTheReferenceCount() {
    long from = T0 + HOUR;
    long to = T0 + 4 * HOUR + 17 * 60_000;
    Reply reply =
        query(
            range(from, to)
                + ",\"groupBy\":\"page\",\"window\":{\"tumbling\":\"PT5M\"},"
                + "\"aggregate\":{\"count\":{}},\"readPast\":\"PT5M\"}");
    TreeMap<Cell, List<Click>> expected =
        OnDemandReference.cells(
            clicks, from, to, Click::page, c -> true, OnDemandReference.tumbling(300_000));
    assertResults(reply, expected, OnDemandReference::count);
    assertThat(reply.json().get("matched").asLong()).as(seed()).isEqualTo(inRange(from, to));
  }

  @Test
  void sumWhereCountry_inHoppingWindows_isTheReferenceSum() {
    long from = T0 + 30 * 60_000;
    long to = T0 + 5 * HOUR;
    Reply reply =
        query(
            range(from, to)
                + ",\"groupBy\":\"page\",\"window\":{\"hopping\":{\"size\":\"PT30M\","
                + "\"advance\":\"PT10M\"}},\"aggregate\":{\"sum\":\"amount\"},"
                + "\"where\":{\"field\":\"country\",\"equals\":\"NL\"},\"readPast\":\"PT5M\"}");
    TreeMap<Cell, List<Click>> expected =
        OnDemandReference.cells(
            clicks,
            from,
            to,
            Click::page,
            c -> c.amount() != null && c.country().equals("NL"),
            OnDemandReference.hopping(1_800_000, 600_000));
    assertResults(reply, expected, OnDemandReference::sum);
    long missing =
        clicks.stream()
            .filter(c -> c.time() >= from && c.time() < to && c.amount() == null)
            .count();
    assertThat(reply.json().get("missingField").asLong()).as(seed()).isEqualTo(missing);
  }

  @Test
  void avgByNestedField_maxAndDistinctUnwindowed_areTheReferenceValues() {
    long from = T0 + 2 * HOUR;
    long to = T0 + 3 * HOUR;
    assertResults(
        query(
            range(from, to)
                + ",\"groupBy\":\"geo.city\",\"window\":{\"tumbling\":\"PT15M\"},"
                + "\"aggregate\":{\"avg\":\"amount\"},\"readPast\":\"PT5M\"}"),
        OnDemandReference.cells(
            clicks,
            from,
            to,
            Click::city,
            c -> c.amount() != null && c.city() != null,
            OnDemandReference.tumbling(900_000)),
        OnDemandReference::avg);
    assertResults(
        query(
            range(from, to)
                + ",\"groupBy\":\"country\",\"aggregate\":{\"max\":\"amount\"},"
                + "\"readPast\":\"PT5M\"}"),
        OnDemandReference.cells(
            clicks, from, to, Click::country, c -> c.amount() != null, OnDemandReference.none()),
        OnDemandReference::max);
    assertResults(
        query(
            range(from, to)
                + ",\"groupBy\":\"page\",\"aggregate\":{\"countDistinct\":\"user\"},"
                + "\"readPast\":\"PT5M\"}"),
        OnDemandReference.cells(clicks, from, to, Click::page, c -> true, OnDemandReference.none()),
        OnDemandReference::distinctUsers);
    assertResults(
        query(range(from, to) + ",\"aggregate\":{\"count\":{}},\"readPast\":\"PT5M\"}"),
        OnDemandReference.cells(clicks, from, to, null, c -> true, OnDemandReference.none()),
        OnDemandReference::count);
  }

  @Test
  void sessionsAndApproximateDistinct_followTheirDefinitions() {
    long from = T0 + HOUR;
    long to = T0 + 2 * HOUR;
    assertResults(
        query(
            range(from, to)
                + ",\"groupBy\":\"user\",\"window\":{\"session\":{\"gap\":\"PT3M\"}},"
                + "\"aggregate\":{\"count\":{}},\"readPast\":\"PT5M\"}"),
        OnDemandReference.sessions(clicks, from, to, Click::user, 180_000),
        OnDemandReference::count);
    JsonNode approx =
        query(
                range(from, to)
                    + ",\"groupBy\":\"page\",\"aggregate\":{\"approxCountDistinct\":\"user\"},"
                    + "\"readPast\":\"PT5M\"}")
            .json();
    TreeMap<Cell, List<Click>> exact =
        OnDemandReference.cells(clicks, from, to, Click::page, c -> true, OnDemandReference.none());
    assertThat(approx.get("results")).hasSize(exact.size());
    for (JsonNode r : approx.get("results")) {
      long truth =
          OnDemandReference.distinctUsers(exact.get(new Cell(r.get("key").asText(), null, null)));
      assertThat((double) r.get("value").asLong())
          .as(seed())
          .isCloseTo(truth, org.assertj.core.data.Offset.offset(truth * 0.1 + 1));
    }
  }

  @Test
  void aRangeLateInTheLog_isFoundWithTheTimeIndex_notScannedFromOffsetZero() {
    long from = T0 + 5 * HOUR;
    long to = T0 + 5 * HOUR + 30 * 60_000;
    JsonNode answer =
        query(range(from, to) + ",\"aggregate\":{\"count\":{}},\"readPast\":\"PT5M\"}").json();
    long scanned = answer.get("scanned").asLong();
    assertThat(scanned).as(seed()).isLessThan(EVENTS / 6);
    long positioned = 0;
    for (int p = 0; p < 3; p++) {
      JsonNode pos = answer.at("/positions/" + p);
      assertThat(pos.get(0).asLong()).as(seed() + " partition " + p).isPositive();
      positioned += pos.get(1).asLong() - pos.get(0).asLong();
    }
    assertThat(scanned).isEqualTo(positioned);
    assertThat(answer.at("/results/0/value").asLong()).as(seed()).isEqualTo(inRange(from, to));
  }

  @Test
  void readPast_decidesWhetherOutOfOrderStragglersCount() {
    put("/streams/ordered", "{\"partitions\":1,\"schemaless\":true}");
    long from = T0;
    long to = T0 + 60_000;
    // In log order: in range, past the end, a straggler 1 s inside the range, far past the end.
    long[] times = {from + 1000, to + 5000, to - 1000, to + 600_000};
    List<Click> ordered = new ArrayList<>();
    for (long t : times) {
      ordered.add(new Click(t, "p", "u", null, "NL", null));
    }
    assertThat(
            post(
                    "/streams/ordered/events",
                    "application/cloudevents-batch+json",
                    OnDemandEvents.batch(ordered, 0))
                .status())
        .isEqualTo(200);
    String body =
        "{\"stream\":\"ordered\",\"from\":"
            + from
            + ",\"to\":"
            + to
            + ",\"aggregate\":{\"count\":{}}";
    JsonNode strict = query(body + "}").json();
    assertThat(strict.at("/results/0/value").asLong()).isEqualTo(1);
    assertThat(strict.at("/positions/0").toString()).isEqualTo("[0,1]");
    JsonNode lenient = query(body + ",\"readPast\":\"PT10S\"}").json();
    assertThat(lenient.at("/results/0/value").asLong()).isEqualTo(2);
    assertThat(lenient.at("/positions/0").toString()).isEqualTo("[0,3]");
    assertThat(lenient.get("scanned").asLong()).isEqualTo(3);
  }

  @Test
  void limits_answerTheirOwnCodes_andTheServerKeepsServing() {
    String all = range(T0 - HOUR, T0 + 7 * HOUR);
    Reply tooMany = query(all + ",\"aggregate\":{\"count\":{}},\"limits\":{\"maxEvents\":100}}");
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.errorCode()).isEqualTo("query_too_large");
    assertThat(tooMany.json().at("/error/message").asText())
        .contains("limits.maxEvents")
        .contains(Integer.toString(EVENTS));

    Reply tooManyResults =
        query(
            all
                + ",\"groupBy\":\"user\",\"window\":{\"tumbling\":\"PT1M\"},"
                + "\"aggregate\":{\"count\":{}},\"limits\":{\"maxResults\":50}}");
    assertThat(tooManyResults.status()).isEqualTo(413);
    assertThat(tooManyResults.errorCode()).isEqualTo("result_too_large");

    readDelayMs.set(300);
    Reply slow = query(all + ",\"aggregate\":{\"count\":{}},\"limits\":{\"timeout\":\"PT0.2S\"}}");
    readDelayMs.set(0);
    assertThat(slow.status()).as(slow.toString()).isEqualTo(504);
    assertThat(slow.errorCode()).isEqualTo("query_timeout");

    Reply fine = query(all + ",\"aggregate\":{\"count\":{}}}");
    assertThat(fine.status()).isEqualTo(200);
    assertThat(fine.json().at("/results/0/value").asLong()).isEqualTo(EVENTS);
    assertThat(get("/queries").json().get("queries")).isEmpty();
  }

  @Test
  void aRunningQuery_isListed_andCancelledFromAnotherThread() throws Exception {
    readDelayMs.set(400);
    String body = range(T0 - HOUR, T0 + 7 * HOUR) + ",\"aggregate\":{\"count\":{}}}";
    CompletableFuture<Reply> running =
        CompletableFuture.supplyAsync(
            () ->
                send(
                    HttpRequest.newBuilder(uri("/queries"))
                        .header("Content-Type", "application/json")
                        .header("Kappa-Query-Id", "slow-1")
                        .POST(HttpRequest.BodyPublishers.ofString(body))));
    JsonNode listed = null;
    for (int i = 0; i < 500 && listed == null; i++) {
      for (JsonNode q : get("/queries").json().get("queries")) {
        if (q.get("id").asText().equals("slow-1")) {
          listed = q;
        }
      }
      Thread.sleep(5);
    }
    assertThat(listed).as("GET /queries lists the running query").isNotNull();
    assertThat(listed.get("stream").asText()).isEqualTo("clicks");
    Reply again =
        send(
            HttpRequest.newBuilder(uri("/queries"))
                .header("Kappa-Query-Id", "slow-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(again.errorCode()).isEqualTo("query_id_in_use");

    Reply cancel = send(HttpRequest.newBuilder(uri("/queries/slow-1")).DELETE());
    assertThat(cancel.status()).isEqualTo(202);
    Reply cancelled = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
    readDelayMs.set(0);
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(409);
    assertThat(cancelled.errorCode()).isEqualTo("query_cancelled");
    assertThat(cancelled.headers().firstValue("Kappa-Query-Id")).hasValue("slow-1");
    assertThat(get("/queries").json().get("queries")).isEmpty();
    assertThat(send(HttpRequest.newBuilder(uri("/queries/slow-1")).DELETE()).errorCode())
        .isEqualTo("unknown_query");
  }

  @Test
  void badQueries_areRefusedWithAStableCode() {
    String r = range(T0, T0 + HOUR);
    Map<String, String> invalid =
        Map.ofEntries(
            Map.entry("to before from", range(T0 + HOUR, T0) + ",\"aggregate\":{\"count\":{}}}"),
            Map.entry("to equals from", range(T0, T0) + ",\"aggregate\":{\"count\":{}}}"),
            Map.entry(
                "bad time",
                "{\"stream\":\"clicks\",\"from\":\"yesterday\",\"to\":1,\"aggregate\":{\"count\":{}}}"),
            Map.entry("no aggregate", r + "}"),
            Map.entry("unknown aggregate", r + ",\"aggregate\":{\"median\":\"amount\"}}"),
            Map.entry("sum without field", r + ",\"aggregate\":{\"sum\":{}}}"),
            Map.entry(
                "bad window",
                r + ",\"aggregate\":{\"count\":{}},\"window\":{\"tumbling\":\"5 minutes\"}}"),
            Map.entry(
                "unknown window",
                r + ",\"aggregate\":{\"count\":{}},\"window\":{\"sliding\":\"PT5M\"}}"),
            Map.entry(
                "advance over size",
                r
                    + ",\"aggregate\":{\"count\":{}},\"window\":{\"hopping\":{\"size\":\"PT1M\",\"advance\":\"PT5M\"}}}"),
            Map.entry("unknown field", r + ",\"aggregate\":{\"count\":{}},\"groupby\":\"page\"}"),
            Map.entry(
                "bad limit", r + ",\"aggregate\":{\"count\":{}},\"limits\":{\"maxEvents\":0}}"),
            Map.entry("bad topN", r + ",\"aggregate\":{\"topN\":{\"field\":\"amount\",\"n\":0}}}"),
            Map.entry("not an object", "[1,2]"));
    invalid.forEach(
        (what, body) -> {
          Reply reply = query(body);
          assertThat(reply.status()).as(what + ": " + reply).isEqualTo(400);
          assertThat(reply.errorCode()).as(what).isEqualTo("invalid_query");
        });
    Reply unknown = query("{\"stream\":\"nope\",\"from\":0,\"to\":1,\"aggregate\":{\"count\":{}}}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("unknown_stream");
    assertThat(query("{\"stream\":").errorCode()).isEqualTo("malformed_json");
    assertThat(get("/health").status()).isEqualTo(200);
  }

  @Test
  void ndjson_givesOneResultALine_thenTheSummary() {
    long from = T0 + HOUR;
    long to = T0 + 2 * HOUR;
    Reply reply =
        send(
            HttpRequest.newBuilder(uri("/queries"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        range(from, to)
                            + ",\"groupBy\":\"page\",\"aggregate\":{\"count\":{}},"
                            + "\"readPast\":\"PT5M\"}")));
    List<JsonNode> lines = reply.lines();
    TreeMap<Cell, List<Click>> expected =
        OnDemandReference.cells(clicks, from, to, Click::page, c -> true, OnDemandReference.none());
    assertThat(lines).hasSize(expected.size() + 1);
    int i = 0;
    for (Map.Entry<Cell, List<Click>> e : expected.entrySet()) {
      assertThat(lines.get(i).get("key").asText()).isEqualTo(e.getKey().key());
      assertThat(lines.get(i++).get("value").asLong()).as(seed()).isEqualTo(e.getValue().size());
    }
    assertThat(lines.getLast().at("/summary/matched").asLong()).isEqualTo(inRange(from, to));
  }

  @Test
  void avroStreams_areQueriedByTheirDecodedFields() {
    put(
        "/streams/sales",
        "{\"partitions\":2,\"eventTimeField\":\"ts\",\"schema\":{\"type\":\"record\",\"name\":\"S\","
            + "\"fields\":[{\"name\":\"ts\",\"type\":\"long\"},{\"name\":\"shop\",\"type\":\"string\"},"
            + "{\"name\":\"cents\",\"type\":\"long\"}]}}");
    Random random = new Random(SEED);
    StringBuilder body = new StringBuilder();
    TreeMap<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 500; i++) {
      long ts = T0 + random.nextInt(7_200_000);
      String shop = "s" + random.nextInt(5);
      long cents = random.nextInt(10_000);
      body.append("{\"ts\":")
          .append(ts)
          .append(",\"shop\":\"")
          .append(shop)
          .append("\",\"cents\":")
          .append(cents)
          .append("}\n");
      if (ts >= T0 + HOUR) {
        expected.merge(shop, cents, Long::sum);
      }
    }
    assertThat(post("/streams/sales/events", "application/x-ndjson", body.toString()).status())
        .isEqualTo(200);
    JsonNode answer =
        query(
                "{\"stream\":\"sales\",\"from\":"
                    + (T0 + HOUR)
                    + ",\"to\":"
                    + (T0 + 2 * HOUR)
                    + ",\"groupBy\":\"shop\",\"aggregate\":{\"sum\":\"cents\"},\"readPast\":\"PT2H\"}")
            .json();
    TreeMap<String, Long> actual = new TreeMap<>();
    answer.get("results").forEach(r -> actual.put(r.get("key").asText(), r.get("value").asLong()));
    assertThat(actual).as(seed()).isEqualTo(expected);
  }

  private void assertResults(
      Reply reply, TreeMap<Cell, List<Click>> expected, Function<List<Click>, Number> value) {
    assertThat(reply.status()).as(seed() + " " + reply).isEqualTo(200);
    List<String> actual = new ArrayList<>();
    for (JsonNode r : reply.json().get("results")) {
      JsonNode w = r.get("window");
      actual.add(
          (r.get("key").isNull() ? "null" : r.get("key").asText())
              + " "
              + (w.isNull() ? "all" : w.get("start").asText() + "/" + w.get("end").asText())
              + " = "
              + number(r.get("value")));
    }
    List<String> wanted = new ArrayList<>();
    expected.forEach(
        (cell, list) ->
            wanted.add(
                cell.key()
                    + " "
                    + (cell.start() == null ? "all" : cell.start() + "/" + cell.end())
                    + " = "
                    + number(value.apply(list))));
    assertThat(actual).as(seed()).containsExactlyElementsOf(wanted);
  }

  private static String number(Object n) {
    if (n instanceof JsonNode node) {
      return node.isIntegralNumber()
          ? Long.toString(node.asLong())
          : Double.toString(node.asDouble());
    }
    return n instanceof Double d ? Double.toString(d) : n.toString();
  }

  private long inRange(long from, long to) {
    return clicks.stream().filter(c -> c.time() >= from && c.time() < to).count();
  }

  private static String range(long from, long to) {
    return "{\"stream\":\"clicks\",\"from\":\"" + iso(from) + "\",\"to\":\"" + iso(to) + "\"";
  }

  private static String seed() {
    return "seed " + SEED + " (-Dkappa.test.seed=" + SEED + ")";
  }

  private Reply query(String body) {
    return post("/queries", "application/json", body);
  }

  private URI uri(String path) {
    return server.uri().resolve(path);
  }

  private Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private Reply put(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Reply post(String path, String type, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Reply send(HttpRequest.Builder request) {
    return TestServer.send(client, request);
  }

  /** {@code log}, except that each read first sleeps {@code delayMs}: makes queries slow. */
  private static Log slowReads(Log log, AtomicLong delayMs) {
    return (Log)
        Proxy.newProxyInstance(
            Log.class.getClassLoader(),
            new Class<?>[] {Log.class},
            (proxy, method, args) -> {
              long delay = delayMs.get();
              if (method.getName().equals("read") && delay > 0) {
                Thread.sleep(delay);
              }
              try {
                return method.invoke(log, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
