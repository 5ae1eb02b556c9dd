package dev.kappa.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The events the ingest benchmark sends: clicks of about {@value #TARGET_EVENT_BYTES} bytes of JSON
 * each, fitting {@link #SCHEMA}, generated from a fixed seed so every run sends the same data.
 *
 * <p>Stateless; thread-safe.
 */
public final class ClickEvents {

  /** The Avro schema of the benchmark stream: user, page, ts (timestamp-millis), n. */
  public static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Click\",\"namespace\":\"dev.kappa.bench\",\"fields\":["
          + "{\"name\":\"user\",\"type\":\"string\"},"
          + "{\"name\":\"page\",\"type\":\"string\"},"
          + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
          + "{\"name\":\"n\",\"type\":\"int\"}]}";

  /** About how long one event's JSON is. */
  static final int TARGET_EVENT_BYTES = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 42;
  private static final long BASE_MILLIS = 1_714_521_600_000L; // 2024-05-01T00:00:00Z

  private ClickEvents() {}

  /** {@code count} events, one JSON object each, from the fixed seed offset by {@code salt}. */
  static List<byte[]> events(int count, long salt) {
    Random random = new Random(SEED + salt);
    List<byte[]> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String json =
          "{\"user\":\"user-"
              + String.format("%06d", random.nextInt(1_000_000))
              + "\",\"page\":\"/catalog/category-"
              + String.format("%02d", random.nextInt(100))
              + "/product-"
              + String.format("%06d", random.nextInt(1_000_000))
              + "\",\"ts\":"
              + (BASE_MILLIS + random.nextInt(86_400_000))
              + ",\"n\":"
              + random.nextInt(1_000_000)
              + "}";
      events.add(json.getBytes(StandardCharsets.UTF_8));
    }
    return events;
  }

  /** An NDJSON body of {@code count} events, each line ending in a newline. */
  static byte[] ndjson(int count, long salt) {
    List<byte[]> events = events(count, salt);
    int size = events.stream().mapToInt(e -> e.length + 1).sum();
    byte[] body = new byte[size];
    int at = 0;
    for (byte[] e : events) {
      System.arraycopy(e, 0, body, at, e.length);
      at += e.length;
      body[at++] = '\n';
    }
    return body;
  }

  /**
   * The paths of {@code GET /views/<view>/state?key=<page>} for the distinct pages of {@code
   * events}, in the order they first occur.
   */
  static List<String> lookupPaths(String view, List<byte[]> events) {
    Set<String> pages = new LinkedHashSet<>();
    for (byte[] event : events) {
      try {
        pages.add(JSON.readTree(event).get("page").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pages.stream()
        .map(p -> "/views/" + view + "/state?key=" + URLEncoder.encode(p, StandardCharsets.UTF_8))
        .toList();
  }

  /** The mean length of the events' JSON, in bytes, for reporting. */
  static int meanEventBytes(List<byte[]> events) {
    return (int) Math.round(events.stream().mapToInt(e -> e.length).average().orElse(0));
  }
}
