package dev.kappa.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.server.Sales.Sale;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A thread that ingests batches of {@link Sales} into {@link SalesViewProvider#STREAM} over HTTP,
 * one request at a time, until a request fails, as they all do once the server is killed. It keeps
 * where each acknowledged sale was placed. A failure before {@link #killing()} is a test failure,
 * as is any answer but 200.
 */
final class SaleIngest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI events;
  private final Sales.Generator sales;
  private final Random random;
  private final Map<Long, String> acknowledged = new HashMap<>();
  private final Thread thread;
  private volatile boolean killing;
  private volatile String unexpected;

  private SaleIngest(HttpClient client, URI base, Sales.Generator sales, Random random) {
    this.client = client;
    this.events = base.resolve("/streams/" + SalesViewProvider.STREAM + "/events");
    this.sales = sales;
    this.random = random;
    this.thread = new Thread(this::run, "sale-ingest");
  }

  /**
   * Starts ingesting into the server at {@code base}; {@code sales} is used by this thread only.
   */
  static SaleIngest start(HttpClient client, URI base, Sales.Generator sales, Random random) {
    SaleIngest ingest = new SaleIngest(client, base, sales, random);
    ingest.thread.start();
    return ingest;
  }

  /** Says that the server is about to be killed, so that requests may fail from now on. */
  void killing() {
    killing = true;
  }

  /**
   * Waits for the thread to end, and returns each acknowledged sale's id with its position ({@code
   * partition@offset}).
   *
   * @throws AssertionError if a request failed before {@link #killing()} or was refused
   */
  Map<Long, String> stop(String what) throws InterruptedException {
    thread.join(TimeUnit.SECONDS.toMillis(60));
    if (thread.isAlive()) {
      throw new AssertionError(what + ": ingest did not stop after the kill");
    }
    if (unexpected != null) {
      throw new AssertionError(what + ": " + unexpected);
    }
    return acknowledged;
  }

  private void run() {
    while (true) {
      List<Sale> batch = new ArrayList<>();
      for (int i = random.nextInt(200); i >= 0; i--) {
        batch.add(sales.next());
      }
      StringBuilder body = new StringBuilder();
      batch.forEach(sale -> body.append(sale.json()).append('\n'));
      HttpResponse<String> response;
      try {
        response =
            client.send(
                HttpRequest.newBuilder(events)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (!killing) {
          unexpected = "ingest failed while the server ran: " + e;
        }
        return;
      } catch (InterruptedException e) {
        unexpected = "ingest interrupted";
        return;
      }
      if (!acknowledge(batch, response)) {
        return;
      }
    }
  }

  private boolean acknowledge(List<Sale> batch, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      unexpected = "ingest refused: " + response.statusCode() + " " + response.body();
      return false;
    }
    try {
      for (JsonNode event : JSON.readTree(response.body()).get("events")) {
        Sale sale = batch.get(event.get("index").asInt());
        acknowledged.put(
            sale.id(), event.get("partition").asInt() + "@" + event.get("offset").asLong());
      }
      return true;
    } catch (IOException | RuntimeException e) {
      unexpected = "ingest answer not understood: " + e + ": " + response.body();
      return false;
    }
  }
}
