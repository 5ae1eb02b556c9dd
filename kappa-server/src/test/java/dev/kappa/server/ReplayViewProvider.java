package dev.kappa.server;

import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoder;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewProvider;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.generic.GenericRecord;

/**
 * The view of {@link DeploymentKillRecoveryTest}, {@value #VIEW}, over the Avro stream {@value
 * #STREAM} ({@link #SCHEMA}): version 1 (this provider) sums the amount per key; version 2 ({@link
 * Version2}) counts orders per key, pausing {@value Version2#PAUSE_NANOS} ns on each. An order
 * carries {@value #PAD_CHARS} characters of padding, so that the engine reads few of them at a time
 * and commits several times while version 2 replays a log of a few hundred: a kill can land between
 * two commits. Not listed in this module's service files: the test names them in its child
 * server's.
 */
public final class ReplayViewProvider implements ViewProvider {

  static final String STREAM = "kd-orders";
  static final String VIEW = "kd-per-key";
  static final int PAD_CHARS = 10_000;

  static final String SCHEMA =
      """
      {"type":"record","name":"Order","fields":[
        {"name":"key","type":"string"},
        {"name":"amount","type":"long"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"pad","type":"string"}]}
      """;

  @Override
  public List<View<?, ?>> views(ViewContext context) {
    return List.of(
        View.named(VIEW)
            .version(1)
            .from(STREAM, orders(context))
            .keyBy(ReplayViewProvider::key, Serdes.string())
            .aggregate(Aggregations.sum(order -> (Long) order.get("amount"))));
  }

  /** Version 2 of {@value #VIEW}: orders per key, slowly. */
  public static final class Version2 implements ViewProvider {

    static final long PAUSE_NANOS = 20_000_000;

    @Override
    public List<View<?, ?>> views(ViewContext context) {
      return List.of(
          View.named(VIEW)
              .version(2)
              .from(STREAM, orders(context))
              .map(Version2::slowly)
              .keyBy(ReplayViewProvider::key, Serdes.string())
              .aggregate(Aggregations.count()));
    }

    private static GenericRecord slowly(GenericRecord order) {
      LockSupport.parkNanos(PAUSE_NANOS);
      return order;
    }
  }

  private static Decoder<GenericRecord> orders(ViewContext context) {
    return record -> context.codec().decode(record.value());
  }

  private static String key(GenericRecord order) {
    return order.get("key").toString();
  }
}
