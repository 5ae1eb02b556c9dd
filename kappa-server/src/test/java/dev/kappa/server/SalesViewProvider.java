package dev.kappa.server;

import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoder;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewProvider;
import dev.kappa.engine.WindowSpec;
import java.time.Duration;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * The views of {@link ServerKillRecoveryTest}'s server, over the Avro stream {@value #STREAM}
 * ({@link #SCHEMA}): {@value #PER_MINUTE}, sales per key per minute, and {@value #AMOUNTS}, the
 * summed amount per key over all time. Not listed in this module's service files, so that other
 * tests' servers do not run these views: the test puts a service file naming it on its child
 * server's class path.
 */
public final class SalesViewProvider implements ViewProvider {

  static final String STREAM = "kr-sales";
  static final String PER_MINUTE = "kr-sales-per-minute";
  static final String AMOUNTS = "kr-amount-per-key";
  static final long WINDOW_MS = 60_000;

  static final String SCHEMA =
      """
      {"type":"record","name":"Sale","fields":[
        {"name":"id","type":"long"},
        {"name":"key","type":"string"},
        {"name":"amount","type":"long"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]}
      """;

  @Override
  public List<View<?, ?>> views(ViewContext context) {
    Decoder<GenericRecord> sales = record -> context.codec().decode(record.value());
    return List.of(
        View.named(PER_MINUTE)
            .from(STREAM, sales)
            .keyBy(SalesViewProvider::key, Serdes.string())
            .window(WindowSpec.tumbling(Duration.ofMillis(WINDOW_MS)))
            .aggregate(Aggregations.count()),
        View.named(AMOUNTS)
            .from(STREAM, sales)
            .keyBy(SalesViewProvider::key, Serdes.string())
            .aggregate(Aggregations.sum(sale -> (Long) sale.get("amount"))));
  }

  private static String key(GenericRecord sale) {
    return sale.get("key").toString();
  }
}
