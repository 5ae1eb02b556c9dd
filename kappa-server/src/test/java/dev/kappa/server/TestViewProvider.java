package dev.kappa.server;

import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoder;
import dev.kappa.engine.Serde;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewProvider;
import dev.kappa.engine.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * The views every test server of this module runs, found through {@code
 * META-INF/services/dev.kappa.engine.ViewProvider} in the test resources. They read the Avro stream
 * {@value #STREAM} ({@link #SCHEMA}), which only the views tests create, so in every other test
 * they wait; {@code test-waiting} reads a stream no test creates.
 */
public final class TestViewProvider implements ViewProvider {

  static final String STREAM = "vt-clicks";

  /** The page whose events make version 1 of {@code test-page-counts} throw. */
  static final String BOOM = "/boom";

  static final String SCHEMA =
      """
      {"type":"record","name":"Click","fields":[
        {"name":"user","type":"long"},
        {"name":"page","type":"string"},
        {"name":"action","type":"string"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]}
      """;

  @Override
  public List<View<?, ?>> views(ViewContext context) {
    // Decoded with the schema each value was written with: the stream need not exist yet.
    Decoder<GenericRecord> clicks = record -> context.codec().decode(record.value());
    return List.of(
        View.named("test-page-counts")
            .version(1)
            .from(STREAM, clicks)
            .map(TestViewProvider::failOnBoom)
            .keyBy(TestViewProvider::page, Serdes.string())
            .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
            .aggregate(Aggregations.count()),
        View.named("test-page-counts")
            .version(2)
            .from(STREAM, clicks)
            .filter(click -> click.get("action").toString().equals("view"))
            .keyBy(TestViewProvider::page, Serdes.string())
            .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
            .aggregate(Aggregations.count()),
        View.named("test-user-clicks")
            .from(STREAM, clicks)
            .keyBy(click -> (Long) click.get("user"), Serdes.longs())
            .aggregate(Aggregations.count()),
        View.named("test-top-pages")
            .from(STREAM, clicks)
            .keyBy(click -> String.valueOf(click.get("user")), opaqueStrings())
            .aggregate(
                Aggregations.topN(
                    2, click -> (Long) click.get("ts"), this::pageOf, Serdes.string())),
        View.named("test-waiting")
            .from("vt-never", clicks)
            .keyBy(c -> "all", Serdes.string())
            .aggregate(Aggregations.count()));
  }

  private String pageOf(GenericRecord click) {
    return page(click);
  }

  static String page(GenericRecord click) {
    return click.get("page").toString();
  }

  private static GenericRecord failOnBoom(GenericRecord click) {
    if (page(click).equals(BOOM)) {
      throw new IllegalStateException("the boom page");
    }
    return click;
  }

  /** UTF-8 strings through a serde the server does not recognise, so its keys' type is unknown. */
  private static Serde<String> opaqueStrings() {
    return new Serde<>() {
      @Override
      public byte[] serialize(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String deserialize(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    };
  }
}
