package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.engine.examples.NexmarkDecoder;
import dev.kappa.engine.examples.NexmarkEvent;
import dev.kappa.engine.examples.NexmarkViews;
import dev.kappa.engine.examples.PageViews;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view's fingerprint is the same for the same definition, in this JVM and in another, and changes
 * with each part of the definition.
 */
class ViewFingerprintTest {

  @TempDir Path dir;

  /** A view whose filter captures {@code minimum}, in a class of its own. */
  private static View<String, Long> longEnough(int minimum) {
    return View.named("long-enough")
        .from("words", Decoders.utf8())
        .filter(word -> word.length() >= minimum)
        .keyBy(word -> word, Serdes.string())
        .aggregate(Aggregations.count());
  }

  /** Top words by length; everything that varies in the tests below is a parameter. */
  private static View<String, ?> words(
      View.Builder builder, String stream, WindowSpec window, int n, Serde<String> keySerde) {
    KeyedStream<String, String> keyed =
        builder.from(stream, Decoders.utf8()).keyBy(word -> word.substring(0, 1), keySerde);
    Aggregation<String, ?, List<Ranked<String>>> top =
        Aggregations.topN(n, String::length, Function.identity(), Serdes.string());
    return window == null ? keyed.aggregate(top) : keyed.window(window).aggregate(top);
  }

  private static View<String, ?> words() {
    return words(
        View.named("words"),
        "words",
        WindowSpec.tumbling(Duration.ofMinutes(1)),
        3,
        Serdes.string());
  }

  @Test
  void fingerprint_isLowercaseHexSha256() {
    assertThat(words().fingerprint()).matches("[0-9a-f]{64}");
  }

  @Test
  void fingerprint_sameDefinitionBuiltTwice_isEqual() {
    assertThat(words().fingerprint()).isEqualTo(words().fingerprint());
    assertThat(longEnough(4).fingerprint()).isEqualTo(longEnough(4).fingerprint());
    assertThat(PageViews.perPagePerMinute("clicks").fingerprint())
        .isEqualTo(PageViews.perPagePerMinute("clicks").fingerprint());
  }

  /** Asserts that {@code variant}, {@link #words()} with one part changed, has another identity. */
  private static void assertDiffersFromWords(View<?, ?> variant) {
    assertThat(variant.fingerprint()).isNotEqualTo(words().fingerprint());
  }

  @Test
  void fingerprint_changedNameOrVersion_changes() {
    Serde<String> serde = Serdes.string();
    assertDiffersFromWords(words(View.named("words").version(2), "words", tumbling(1), 3, serde));
    assertDiffersFromWords(words(View.named("other-words"), "words", tumbling(1), 3, serde));
  }

  @Test
  void fingerprint_changedStreamName_changes() {
    assertDiffersFromWords(
        words(View.named("words"), "more-words", tumbling(1), 3, Serdes.string()));
  }

  @Test
  void fingerprint_changedWindow_changes() {
    List<WindowSpec> others =
        Arrays.asList(
            tumbling(2),
            WindowSpec.session(Duration.ofMinutes(1)),
            WindowSpec.hopping(Duration.ofMinutes(1), Duration.ofSeconds(30)),
            null);
    for (WindowSpec other : others) {
      assertDiffersFromWords(words(View.named("words"), "words", other, 3, Serdes.string()));
    }
  }

  @Test
  void fingerprint_changedAggregationParameter_changes() {
    assertDiffersFromWords(words(View.named("words"), "words", tumbling(1), 4, Serdes.string()));
  }

  @Test
  void fingerprint_changedAggregationKind_changes() {
    View<String, Long> count =
        View.named("n")
            .from("s", Decoders.utf8())
            .keyBy(w -> w, Serdes.string())
            .aggregate(Aggregations.count());
    View<String, Long> max =
        View.named("n")
            .from("s", Decoders.utf8())
            .keyBy(w -> w, Serdes.string())
            .aggregate(Aggregations.max(String::length));
    assertThat(count.fingerprint()).isNotEqualTo(max.fingerprint());
  }

  @Test
  void fingerprint_changedKeySerde_changes() {
    Serde<String> nullable = Serdes.nullable(Serdes.string());
    assertDiffersFromWords(words(View.named("words"), "words", tumbling(1), 3, nullable));
  }

  @Test
  void fingerprint_changedCapturedValue_changes() {
    assertThat(longEnough(5).fingerprint()).isNotEqualTo(longEnough(4).fingerprint());
  }

  @Test
  void fingerprint_changedOptions_changes() {
    View.Builder late = View.named("words").allowedLateness(Duration.ofSeconds(5));
    View.Builder failing = View.named("words").onError(ViewOptions.ErrorPolicy.FAIL);
    View.Builder retained = View.named("words").closedWindowRetention(Duration.ofDays(1));
    for (View.Builder builder : List.of(late, failing, retained)) {
      assertDiffersFromWords(words(builder, "words", tumbling(1), 3, Serdes.string()));
    }
  }

  @Test
  void fingerprint_changedJoinWithin_changes() {
    assertThat(joined(Duration.ofSeconds(5)).fingerprint())
        .isEqualTo(joined(Duration.ofSeconds(5)).fingerprint())
        .isNotEqualTo(joined(Duration.ofSeconds(6)).fingerprint());
  }

  private static View<String, Long> joined(Duration within) {
    View.Builder builder = View.named("joined");
    EventStream<String> left = builder.from("left", Decoders.utf8());
    EventStream<String> right = builder.from("right", Decoders.utf8());
    return left.join(
            right,
            within,
            l -> l,
            Serdes.string(),
            r -> r,
            Serdes.string(),
            Serdes.string(),
            (l, r) -> l + r)
        .keyBy(s -> s, Serdes.string())
        .aggregate(Aggregations.count());
  }

  /** A processor keeping the longest word it has seen, capped at {@code cap} characters. */
  private record Longest(int cap) implements KeyedProcessor<String, String, String> {
    @Override
    public void process(String key, String value, ProcessorContext<String> context) {
      String word = value.substring(0, Math.min(cap, value.length()));
      String state = context.state();
      if (state == null || word.length() > state.length()) {
        context.update(word);
      }
    }
  }

  private static View<String, String> longest(int cap) {
    return View.named("longest")
        .from("words", Decoders.utf8())
        .keyBy(word -> word.substring(0, 1), Serdes.string())
        .process(new Longest(cap), Serdes.string(), Serdes.string());
  }

  @Test
  void fingerprint_changedProcessorParameter_changes() {
    assertThat(longest(8).fingerprint())
        .isEqualTo(longest(8).fingerprint())
        .isNotEqualTo(longest(9).fingerprint());
  }

  @Test
  void fingerprint_sameShapeFunctionFromAnotherClass_differs() {
    // The same definition in source; only the class that defines the key function differs.
    View<String, Long> here =
        View.named("v")
            .from("s", Decoders.json())
            .filter(click -> click.hasNonNull("page"))
            .keyBy((JsonNode click) -> click.get("page").asText(), Serdes.string())
            .window(tumbling(1))
            .aggregate(Aggregations.count());
    View<String, Long> example =
        View.named("v")
            .from("s", Decoders.json())
            .filter(click -> click.hasNonNull("page"))
            .keyBy(OtherHost.PAGE, Serdes.string())
            .window(tumbling(1))
            .aggregate(Aggregations.count());
    assertThat(here.fingerprint()).isNotEqualTo(example.fingerprint());
  }

  /** Hosts a key function identical in source to the one in the test above. */
  private static final class OtherHost {
    static final Function<JsonNode, String> PAGE = click -> click.get("page").asText();
  }

  @Test
  void fingerprint_inAnotherJvm_isTheSame() throws IOException, InterruptedException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process child =
        new ProcessBuilder(
                java,
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                PrintPageViewsFingerprint.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited in time").isTrue();
    assertThat(child.exitValue()).as("child exit code; output: %s", output).isZero();
    assertThat(output.strip()).isEqualTo(PageViews.perPagePerMinute("clicks").fingerprint());
  }

  /** The child JVM of {@link #fingerprint_inAnotherJvm_isTheSame}. */
  static final class PrintPageViewsFingerprint {
    public static void main(String[] args) {
      // Spin up unrelated lambdas first, so hidden-class addresses differ from the parent's.
      IntStream.range(0, 50).mapToObj(i -> (Runnable) () -> {}).forEach(Runnable::run);
      System.out.println(PageViews.perPagePerMinute("clicks").fingerprint());
    }
  }

  @Test
  void fingerprint_everyExampleView_computesWithoutTouchingTheRegistry() {
    try (Log log = EmbeddedLog.open(dir.resolve("log"))) {
      log.createStream(StreamConfig.of("bids", 1));
      SchemaRegistry registry = SchemaRegistry.open(log);
      registry.define(StreamModel.avro("bids"));
      SchemaVersion version = registry.register("bids", NexmarkEvent.SCHEMA);
      NexmarkDecoder bids = new NexmarkDecoder(registry.codec(), version);
      List<View<?, ?>> views =
          List.of(
              PageViews.perPagePerMinute("clicks"),
              NexmarkViews.highestBid("bids", bids),
              NexmarkViews.bidsPerAuction("bids", bids),
              NexmarkViews.bidsPerBidder("bids", bids));
      List<String> fingerprints = views.stream().map(View::fingerprint).toList();
      assertThat(fingerprints).allMatch(f -> f.matches("[0-9a-f]{64}")).doesNotHaveDuplicates();

      // The codec is a service over the registry: its growing state is no part of a definition.
      log.createStream(StreamConfig.of("other", 1));
      registry.define(StreamModel.avro("other"));
      registry.register("other", NexmarkEvent.SCHEMA);
      assertThat(NexmarkViews.highestBid("bids", bids).fingerprint())
          .isEqualTo(fingerprints.get(1));
    }
  }

  @Test
  void fingerprint_calledConcurrently_isOneValue() throws Exception {
    View<String, ?> view = words();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> calls =
          IntStream.range(0, 8).mapToObj(i -> (Callable<String>) view::fingerprint).toList();
      List<String> results = pool.invokeAll(calls).stream().map(ViewFingerprintTest::get).toList();
      assertThat(results).containsOnly(words().fingerprint());
    } finally {
      pool.shutdownNow();
    }
  }

  private static String get(Future<String> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static WindowSpec tumbling(int minutes) {
    return WindowSpec.tumbling(Duration.ofMinutes(minutes));
  }
}
