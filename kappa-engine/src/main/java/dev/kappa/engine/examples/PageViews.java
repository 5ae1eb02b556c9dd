package dev.kappa.engine.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoders;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.WindowSpec;
import java.time.Duration;

/** Page views per page per minute, on a clickstream of JSON events with a {@code page} field. */
public final class PageViews {

  private PageViews() {}

  public static View<String, Long> perPagePerMinute(String stream) {
    return perPagePerMinute(stream, 1);
  }

  /** The same computation as another version, so it rebuilds from the log with its own state. */
  public static View<String, Long> perPagePerMinute(String stream, int version) {
    return View.named("page-views-per-minute")
        .version(version)
        .from(stream, Decoders.json())
        .filter(click -> click.hasNonNull("page"))
        .keyBy((JsonNode click) -> click.get("page").asText(), Serdes.string())
        .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
        .aggregate(Aggregations.count());
  }
}
