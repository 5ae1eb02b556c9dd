package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.Clicks.Click;
import dev.kappa.server.TestServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving queries of {@code GET /views/{view}/state} over real HTTP: every query shape against
 * a reference computed here from the raw events ({@link Clicks}), pagination, NDJSON, read your
 * writes with position tokens, and every bad input. The serving build of {@code test-page-counts}
 * is version 2: views per page per minute.
 */
class ServingQueriesApiTest {

  private static final int PARTITIONS = 3;
  private static final String COUNTS = "/views/test-page-counts/state";

  @TempDir Path dir;
  private TestServer server;
  private long seed;
  private final List<Click> placed = new ArrayList<>();
  private String lastPosition;

  /** A result as the reference states it: key, window start (0 if none), value. */
  record Row(String key, long start, long value) {}

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    seed = Long.getLong("kappa.seed", System.nanoTime());
    System.out.println("ServingQueriesApiTest seed " + seed);
    Clicks.createStream(server, PARTITIONS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void readYourWrites_eachIngestReplysPosition_yieldsAStateIncludingItsEvents() {
    Random random = new Random(seed);
    List<Click> all = Clicks.generate(random, 900);
    for (int from = 0; from < all.size(); from += 150) {
      String position = ingest(all.subList(from, from + 150));
      // No sleep, no polling: the query itself waits for the position.
      JsonNode state = json(COUNTS + "?limit=10000&position=" + position);
      assertThat(rows(state)).as(seeded("state after " + placed.size())).isEqualTo(reference());
      assertThat(state.at("/progress/processed").asLong()).isEqualTo(placed.size());
      assertThat(offsets(state.get("position").asText()))
          .as("the answer's position is its progress")
          .isEqualTo(progressOffsets(state));
    }
  }

  @Test
  void everyQueryShape_answersLikeTheReference() {
    ingestAndCatchUp(1200);
    Random random = new Random(seed + 1);
    List<Row> reference = reference();

    for (String page : Clicks.PAGES) {
      List<Row> ofPage = reference.stream().filter(r -> r.key().equals(page)).toList();
      assertThat(rows(json(COUNTS + "?key=" + enc(page)))).as(seeded(page)).isEqualTo(ofPage);
      long a = Clicks.BASE + random.nextLong(20 * Clicks.MINUTE);
      long b = a + random.nextLong(10 * Clicks.MINUTE);
      List<Row> windows = ofPage.stream().filter(r -> r.start() >= a && r.start() < b).toList();
      String query = "?key=" + enc(page) + "&fromTime=" + Instant.ofEpochMilli(a) + "&toTime=" + b;
      assertThat(rows(json(COUNTS + query))).as(seeded(page + query)).isEqualTo(windows);
      assertThat(follow(COUNTS + "?key=" + enc(page) + "&limit=3", false))
          .as(seeded(page + " in pages of 3"))
          .isEqualTo(ofPage);
    }

    String from = "/cart";
    String to = "/products/2";
    List<Row> range =
        reference.stream()
            .filter(r -> keyOrder(r.key(), from) >= 0 && keyOrder(r.key(), to) < 0)
            .toList();
    String rangeQuery = COUNTS + "?from=" + enc(from) + "&to=" + enc(to);
    assertThat(rows(json(rangeQuery + "&limit=10000"))).as(seeded("range")).isEqualTo(range);
    assertThat(follow(rangeQuery + "&limit=7", false)).as(seeded("range pages")).isEqualTo(range);
    assertThat(follow(COUNTS + "?limit=11", false)).as(seeded("scan pages")).isEqualTo(reference);

    List<Row> products = reference.stream().filter(r -> r.key().startsWith("/products/")).toList();
    assertThat(follow(COUNTS + "?prefix=%2Fproducts%2F&limit=4", false))
        .as(seeded("prefix pages"))
        .isEqualTo(products);

    int n = 1 + random.nextInt(12);
    List<Row> top =
        reference.stream()
            .sorted(
                Comparator.comparingLong(Row::value)
                    .reversed()
                    .thenComparing(Row::key, ServingQueriesApiTest::keyOrder)
                    .thenComparingLong(Row::start))
            .limit(n)
            .toList();
    assertThat(rows(json(COUNTS + "?top=" + n))).as(seeded("top " + n)).isEqualTo(top);

    Map<Long, Long> perUser = Clicks.perUser(placed);
    List<Row> users = new ArrayList<>();
    perUser.forEach(
        (user, count) -> {
          if (user >= 5 && user < 12) {
            users.add(new Row(Long.toString(user), 0, count));
          }
        });
    assertThat(rows(json("/views/test-user-clicks/state?from=5&to=12")))
        .as(seeded("user range"))
        .isEqualTo(users);
  }

  @Test
  void pointLookups_areAnswered_whileMoreRequestsThanSelectorsBlock() {
    ingestAndCatchUp(600);
    List<Row> reference = reference();
    byte[] body =
        (Clicks.generate(new Random(seed + 2), 1).get(0).json() + "\n")
            .getBytes(StandardCharsets.UTF_8);
    int split = body.length / 2;
    // More than the server has selector threads: were any of them to block, lookups would stall.
    int blocked = 2 * Runtime.getRuntime().availableProcessors() + 1;
    List<RawHttp> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < blocked; i++) {
        stalled.add(
            new RawHttp(server.server.port())
                .send(
                    "POST /streams/"
                        + TestViewProvider.STREAM
                        + "/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Content-Type: application/x-ndjson\r\nContent-Length: "
                        + body.length,
                    Arrays.copyOf(body, split)));
      }
      long start = System.nanoTime();
      for (String page : Clicks.PAGES) {
        List<Row> ofPage = reference.stream().filter(r -> r.key().equals(page)).toList();
        assertThat(rows(json(COUNTS + "?key=" + enc(page)))).as(seeded(page)).isEqualTo(ofPage);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("lookups while %d requests wait for their bodies", blocked)
          .isLessThan(Duration.ofSeconds(10)); // the idle timeout would free them after 30 s
      for (RawHttp raw : stalled) {
        raw.sendBytes(Arrays.copyOfRange(body, split, body.length));
        String reply = raw.readUntilClosed(Duration.ofSeconds(10), new boolean[1]);
        assertThat(RawHttp.status(reply)).as(reply).isEqualTo(200);
      }
    } finally {
      stalled.forEach(RawHttp::close);
    }
    assertThat(server.recordCount(TestViewProvider.STREAM)).isEqualTo(placed.size() + blocked);
  }

  @Test
  void pipelinedLookups_areAnsweredInOrder_whetherOnTheSelectorOrHandedOff() {
    ingestAndCatchUp(600);
    int count = 50; // past the run of answers a connection gets on its selector, several times
    List<String> expected = new ArrayList<>();
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String query = COUNTS + "?key=" + enc(Clicks.PAGES[i % Clicks.PAGES.length]);
      expected.add(server.get(query).body());
      requests
          .append("GET ")
          .append(query)
          .append(" HTTP/1.1\r\nHost: x\r\n")
          .append(i == count - 1 ? "Connection: close\r\n" : "")
          .append("\r\n");
    }
    try (RawHttp raw = new RawHttp(server.server.port())) {
      raw.sendBytes(requests.toString().getBytes(StandardCharsets.US_ASCII));
      String replies = raw.readUntilClosed(Duration.ofSeconds(20), new boolean[1]);
      List<String> bodies = new ArrayList<>();
      for (String reply : replies.split("HTTP/1\\.1 ")) {
        if (!reply.isEmpty()) {
          assertThat(reply).as(reply).startsWith("200 ");
          bodies.add(reply.substring(reply.indexOf("\r\n\r\n") + 4));
        }
      }
      assertThat(bodies).isEqualTo(expected);
    }
  }

  @Test
  void directAnswers_areByteForByteWhatTheRoutedHandlerAnswers() {
    ingestAndCatchUp(900);
    String page = enc(Clicks.PAGES[1]);
    long build = json(COUNTS + "?key=" + page).get("build").asLong();
    String lookup = COUNTS + "?key=" + page;
    String cursor = json(lookup + "&limit=2").get("next").asText();
    List<String> direct =
        List.of(
            lookup,
            lookup + "&fromTime=" + Instant.ofEpochMilli(Clicks.BASE) + "&toTime=" + Clicks.BASE,
            lookup + "&fromTime=" + Clicks.BASE + "&toTime=" + (Clicks.BASE + 9 * Clicks.MINUTE),
            lookup + "&limit=2",
            lookup + "&limit=2&cursor=" + enc(cursor),
            lookup + "&version=2",
            lookup + "&build=" + build,
            COUNTS + "?from=%2Fcart&to=%2Fproducts%2F2&limit=5",
            COUNTS + "?prefix=%2Fproducts%2F&limit=3",
            COUNTS + "?limit=4",
            "/views/test-user-clicks/state?from=5&to=12");
    double before = directCount();
    for (String query : direct) {
      Reply answer = server.get(query);
      // A parameter the direct path does not know sends the request through Javalin's routes.
      Reply routed = server.get(query + "&routed=1");
      assertThat(answer.status()).as(query + " → " + answer).isEqualTo(200);
      assertThat(answer.body()).as(query).isEqualTo(routed.body());
      assertThat(answer.contentType()).as(query).isEqualTo(routed.contentType());
    }
    assertError(server.get(COUNTS + "?key=%2Fnever"), 404, "unknown_key");
    try (RawHttp raw = new RawHttp(server.server.port())) {
      String request =
          "GET " + COUNTS + "?key=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
      raw.sendBytes(request.getBytes(StandardCharsets.US_ASCII));
      String malformed = raw.readUntilClosed(Duration.ofSeconds(5), new boolean[1]);
      assertThat(RawHttp.status(malformed)).as(malformed).isEqualTo(400);
      assertThat(malformed).contains("application/json", "\"invalid_request\"", "%");
    }
    assertThat(json(COUNTS + "?top=2").get("results")).hasSize(2);
    assertThat(directCount() - before)
        .as("answered directly: the plain reads, not the routed ones, errors or top")
        .isEqualTo(direct.size());
  }

  private double directCount() {
    for (String line : server.get("/metrics").body().split("\n")) {
      if (line.startsWith("kappa_http_state_direct_total ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    return 0;
  }

  @Test
  void ndjson_streamsTheSameResultsAsJson_thenProgressPositionAndNext() {
    ingestAndCatchUp(3600);
    List<Row> reference = reference();
    JsonNode whole = json(COUNTS + "?limit=10000");
    Reply streamed = ndjson(COUNTS + "?limit=1000000");
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.contentType()).startsWith("application/x-ndjson");
    List<JsonNode> lines = streamed.lines();
    JsonNode last = lines.getLast();
    List<JsonNode> results = lines.subList(0, lines.size() - 1);
    assertThat(results).as(seeded("NDJSON lines")).containsExactlyElementsOf(whole.get("results"));
    assertThat(rowsOf(results)).isEqualTo(reference);
    assertThat(last.get("next").isNull()).isTrue();
    assertThat(last.get("oneCommit").asBoolean()).isTrue();
    assertThat(last.get("progress")).isEqualTo(whole.get("progress"));
    assertThat(last.get("position").asText()).isEqualTo(whole.get("position").asText());

    assertThat(follow(COUNTS + "?limit=130", true)).as(seeded("NDJSON pages")).isEqualTo(reference);
  }

  @Test
  void badInputs_getTheirCodes_andTheServerKeepsServing() {
    ingestAndCatchUp(300);
    String page = enc(Clicks.PAGES[0]);
    assertError(server.get("/views/nope/state?key=a"), 404, "unknown_view");
    assertError(server.get(COUNTS + "?key=%2Fnever"), 404, "unknown_key");
    assertError(server.get(COUNTS + "?from=%2Fsearch&to=%2Fhome"), 400, "invalid_range");
    assertError(server.get(COUNTS + "?key=" + page + "&fromTime=9&toTime=3"), 400, "invalid_range");
    assertError(server.get("/views/test-user-clicks/state?from=9&to=3"), 400, "invalid_range");
    assertError(server.get(COUNTS + "?key=" + page + "&prefix=%2F"), 400, "invalid_request");
    assertError(server.get(COUNTS + "?from=a&top=3"), 400, "invalid_request");
    assertError(server.get(COUNTS + "?fromTime=3"), 400, "invalid_request");
    assertError(server.get(COUNTS + "?top=0"), 400, "invalid_request");
    assertError(server.get(COUNTS + "?top=3&timeout=soon"), 400, "invalid_request");
    assertError(server.get(COUNTS + "?top=3&timeout=PT6M"), 400, "invalid_request");
    assertError(server.get("/views/test-user-clicks/state?prefix=1"), 400, "unsupported_key_type");
    assertError(server.get("/views/test-user-clicks/state?from=x"), 400, "invalid_key");
    assertError(server.get(COUNTS + "?cursor=%21%21"), 400, "invalid_cursor");
    assertError(server.get(COUNTS + "?cursor=AAAA"), 400, "invalid_cursor");
    assertError(server.get(COUNTS + "?key=" + page + "&cursor=w.x"), 400, "invalid_cursor");

    Reply tooLarge = server.get(COUNTS + "?limit=10001");
    assertError(tooLarge, 413, "result_too_large");
    assertThat(tooLarge.json().at("/error/message").asText()).contains("cursor", "x-ndjson");
    assertError(ndjson(COUNTS + "?limit=1000001"), 413, "result_too_large");
    assertError(server.get(COUNTS + "?top=10001"), 413, "result_too_large");

    assertError(server.get(COUNTS + "?position=garbage!"), 400, "invalid_position_token");
    assertError(
        server.get(COUNTS + "?position=" + token("vt-other", Map.of(0, 1L))),
        400,
        "invalid_position_token");
    assertError(
        server.get(COUNTS + "?position=" + token(TestViewProvider.STREAM, Map.of(7, 1L))),
        400,
        "invalid_position_token");
    long end =
        server
            .get("/streams/" + TestViewProvider.STREAM)
            .json()
            .at("/partitionOffsets/0/endOffset")
            .asLong();
    assertError(
        server.get(COUNTS + "?position=" + token(TestViewProvider.STREAM, Map.of(0, end + 1))),
        400,
        "position_from_future");
    assertError(
        server.get(COUNTS + "?position=" + lastPosition + "&wait=31000"), 400, "invalid_request");

    // Still serving, and the token of the last ingest reply is reached.
    JsonNode state = json(COUNTS + "?position=" + lastPosition + "&wait=PT10S&limit=10000");
    assertThat(rows(state)).isEqualTo(reference());
  }

  @Test
  void aTokenThatAStoppedBuildCannotReach_isPositionUnreachable() {
    ingestAndCatchUp(300);
    // A temporary build as of a time before the last events stops there.
    long asOf = Clicks.BASE + 60_000;
    Reply build =
        server.postJson("/views/test-user-clicks/versions/1/as-of", "{\"time\":" + asOf + "}");
    assertThat(build.status()).as(build.toString()).isEqualTo(202);
    long id = build.json().get("build").asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                server
                    .get("/views/test-user-clicks/builds/" + id)
                    .json()
                    .get("state")
                    .asText()
                    .equals("FINISHED"));
    String query = "/views/test-user-clicks/state?build=" + id + "&position=" + lastPosition;
    Reply reply = server.get(query + "&wait=PT20S");
    assertError(reply, 409, "position_unreachable");
    assertThat(reply.json().at("/error/message").asText()).contains("FINISHED");
  }

  // --- helpers -------------------------------------------------------------------------------

  private void ingestAndCatchUp(int events) {
    List<Click> clicks = Clicks.generate(new Random(seed), events);
    for (int from = 0; from < clicks.size(); from += 300) {
      lastPosition = ingest(clicks.subList(from, Math.min(clicks.size(), from + 300)));
      json(COUNTS + "?limit=1&position=" + lastPosition);
      json("/views/test-user-clicks/state?limit=1&position=" + lastPosition);
    }
  }

  /** Ingests {@code clicks}, records where each went, and returns the reply's position. */
  private String ingest(List<Click> clicks) {
    StringBuilder body = new StringBuilder();
    clicks.forEach(c -> body.append(c.json()).append('\n'));
    Reply reply =
        server.post(
            "/streams/" + TestViewProvider.STREAM + "/events",
            "application/x-ndjson",
            body.toString());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    Map<Integer, Long> after = new TreeMap<>();
    for (JsonNode event : reply.json().get("events")) {
      Click click = clicks.get(event.get("index").asInt());
      placed.add(click.placed(event.get("partition").asInt(), event.get("offset").asLong()));
      after.merge(event.get("partition").asInt(), event.get("offset").asLong() + 1, Math::max);
    }
    String position = reply.json().get("position").asText();
    assertThat(offsets(position)).isEqualTo(Map.of(TestViewProvider.STREAM, after));
    return position;
  }

  /** The reference answer of the serving version: views per page per minute, in key order. */
  private List<Row> reference() {
    Clicks.PageCounts counts = Clicks.pageCounts(placed, false, true);
    List<Row> rows = new ArrayList<>();
    counts
        .counts()
        .forEach(
            (pageAtStart, count) -> {
              int at = pageAtStart.lastIndexOf('@');
              rows.add(
                  new Row(
                      pageAtStart.substring(0, at),
                      Long.parseLong(pageAtStart.substring(at + 1)),
                      count));
            });
    rows.sort(
        Comparator.comparing(Row::key, ServingQueriesApiTest::keyOrder)
            .thenComparingLong(Row::start));
    return rows;
  }

  /** The engine's key order: by UTF-8 length, then bytes. */
  private static int keyOrder(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    return x.length != y.length
        ? Integer.compare(x.length, y.length)
        : Arrays.compareUnsigned(x, y);
  }

  /** Every result of {@code query}, following each page's next. */
  private List<Row> follow(String query, boolean ndjson) {
    List<Row> rows = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = cursor == null ? query : query + "&cursor=" + enc(cursor);
      JsonNode next;
      if (ndjson) {
        List<JsonNode> lines = ndjson(path).lines();
        rows.addAll(rowsOf(lines.subList(0, lines.size() - 1)));
        next = lines.getLast().get("next");
      } else {
        JsonNode page = json(path);
        rows.addAll(rows(page));
        next = page.get("next");
      }
      cursor = next.isNull() ? null : next.asText();
      assertThat(++pages).as("pages of " + query).isLessThan(10_000);
    } while (cursor != null);
    return rows;
  }

  private static List<Row> rows(JsonNode answer) {
    List<JsonNode> results = new ArrayList<>();
    answer.get("results").forEach(results::add);
    return rowsOf(results);
  }

  private static List<Row> rowsOf(List<JsonNode> results) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode r : results) {
      long start = r.has("window") ? r.at("/window/start").asLong() : 0;
      rows.add(new Row(r.get("key").asText(), start, r.get("value").asLong()));
    }
    return rows;
  }

  private JsonNode json(String path) {
    Reply reply = server.get(path);
    assertThat(reply.status()).as(path + " → " + reply).isEqualTo(200);
    return reply.json();
  }

  private Reply ndjson(String path) {
    return server.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.server.port() + path))
            .header("Accept", "application/x-ndjson")
            .GET());
  }

  private static Map<String, Map<Integer, Long>> progressOffsets(JsonNode answer) {
    Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
    for (JsonNode p : answer.at("/progress/partitions")) {
      offsets
          .computeIfAbsent(p.get("stream").asText(), s -> new TreeMap<>())
          .put(p.get("partition").asInt(), p.get("nextOffset").asLong());
    }
    return offsets;
  }

  /** A position token as docs/http-api.md specifies it, written independently of the server. */
  private static String token(String stream, Map<Integer, Long> offsets) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeShort(1);
      byte[] name = stream.getBytes(StandardCharsets.UTF_8);
      out.writeShort(name.length);
      out.write(name);
      out.writeInt(offsets.size());
      for (Map.Entry<Integer, Long> e : new TreeMap<>(offsets).entrySet()) {
        out.writeInt(e.getKey());
        out.writeLong(e.getValue());
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  /** What a token says, decoded as docs/http-api.md specifies. */
  private static Map<String, Map<Integer, Long>> offsets(String token) {
    var in = java.nio.ByteBuffer.wrap(Base64.getUrlDecoder().decode(token));
    assertThat(in.get()).isEqualTo((byte) 1);
    Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
    int streams = in.getShort();
    for (int s = 0; s < streams; s++) {
      byte[] name = new byte[in.getShort()];
      in.get(name);
      Map<Integer, Long> partitions = new TreeMap<>();
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        partitions.put(in.getInt(), in.getLong());
      }
      offsets.put(new String(name, StandardCharsets.UTF_8), partitions);
    }
    assertThat(in.hasRemaining()).isFalse();
    return offsets;
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private String seeded(String what) {
    return what + " (seed " + seed + ", rerun with -Dkappa.seed=" + seed + ")";
  }

  private static void assertError(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
  }
}
