package dev.kappa.server;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Raw click events for on-demand query tests, and their CloudEvents batches. Event times grow with
 * the index but each is pulled back by up to {@link #JITTER_MS}, so they are out of order within a
 * partition; a few events lack {@code amount} or {@code geo}.
 */
final class OnDemandEvents {

  static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
  static final long SPAN_MS = 6 * 3_600_000L;
  static final long JITTER_MS = 120_000L;

  /** One event as generated: the reference computations read these, never the server. */
  record Click(
      long time, String page, String user, BigDecimal amount, String country, String city) {

    String json() {
      StringBuilder s = new StringBuilder("{\"page\":\"").append(page).append('"');
      s.append(",\"user\":\"").append(user).append('"');
      if (amount != null) {
        s.append(",\"amount\":").append(amount.toPlainString());
      }
      s.append(",\"country\":\"").append(country).append('"');
      if (city != null) {
        s.append(",\"geo\":{\"city\":\"").append(city).append("\",\"zip\":[1,2]}");
      }
      return s.append('}').toString();
    }
  }

  private OnDemandEvents() {}

  static List<Click> generate(long seed, int n) {
    Random random = new Random(seed);
    String[] countries = {"NL", "DE", "US"};
    List<Click> clicks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long base = T0 + SPAN_MS * i / n;
      long time = base - (long) (random.nextDouble() * JITTER_MS);
      BigDecimal amount =
          random.nextInt(20) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000), 2);
      String city = random.nextInt(30) == 0 ? null : "c" + random.nextInt(4);
      clicks.add(
          new Click(
              time,
              "p" + random.nextInt(7),
              "u" + random.nextInt(50),
              amount,
              countries[random.nextInt(countries.length)],
              city));
    }
    return clicks;
  }

  /** A CloudEvents batch of {@code clicks}, each keyed (so partitioned) by its user. */
  static String batch(List<Click> clicks, int firstId) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < clicks.size(); i++) {
      Click c = clicks.get(i);
      if (i > 0) {
        s.append(',');
      }
      s.append("{\"specversion\":\"1.0\",\"id\":\"e")
          .append(firstId + i)
          .append("\",\"source\":\"/test\",\"type\":\"click\",\"time\":\"")
          .append(Instant.ofEpochMilli(c.time()))
          .append("\",\"partitionkey\":\"")
          .append(c.user())
          .append("\",\"datacontenttype\":\"application/json\",\"data\":")
          .append(c.json())
          .append('}');
    }
    return s.append(']').toString();
  }
}
