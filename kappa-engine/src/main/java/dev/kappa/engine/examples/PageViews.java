package dev.kappa.engine.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoders;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.WindowSpec;
import java.time.Duration;
import java.util.Locale;

/**
 * Page views per page per minute, on a clickstream of JSON events with a {@code page} field and an
 * optional {@code agent} (the client's user agent), by event time.
 *
 * <p>Two versions of one view, {@value #NAME}: version 1 counts every click, version 2 ({@link
 * #humansOnly}) leaves out clicks whose agent says it is a bot. Deploying version 2 over version 1
 * is the smallest honest reprocessing: the new rule applies to all history, not just from now on.
 */
public final class PageViews {

  /** The name both versions share. */
  public static final String NAME = "page-views-per-minute";

  private PageViews() {}

  /** Version 1: every click with a page counts. */
  public static View<String, Long> perPagePerMinute(String stream) {
    return perPagePerMinute(stream, 1);
  }

  /**
   * Version 1's computation under another version, so it rebuilds from the log with its own state.
   */
  public static View<String, Long> perPagePerMinute(String stream, int version) {
    return View.named(NAME)
        .version(version)
        .from(stream, Decoders.json())
        .filter(click -> click.hasNonNull("page"))
        .keyBy((JsonNode click) -> click.get("page").asText(), Serdes.string())
        .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
        .aggregate(Aggregations.count());
  }

  /** Version 2: as version 1, but clicks whose {@code agent} contains "bot" do not count. */
  public static View<String, Long> humansOnly(String stream) {
    return View.named(NAME)
        .version(2)
        .from(stream, Decoders.json())
        .filter(click -> click.hasNonNull("page") && !isBot(click))
        .keyBy((JsonNode click) -> click.get("page").asText(), Serdes.string())
        .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
        .aggregate(Aggregations.count());
  }

  /** Whether a click's {@code agent} names a bot, as crawlers' user agents do ("Googlebot/2.1"). */
  public static boolean isBot(JsonNode click) {
    return click.path("agent").asText("").toLowerCase(Locale.ROOT).contains("bot");
  }
}
