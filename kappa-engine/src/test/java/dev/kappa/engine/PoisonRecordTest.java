package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records that make a view's code throw: in the decoder, a step or the key function they go to the
 * error output with the reason and the view carries on; in an aggregation, half-way through a
 * record, the view rolls back and replays, and its state equals the reference without exactly those
 * records. With {@link ViewOptions.ErrorPolicy#FAIL} the view stops instead.
 */
class PoisonRecordTest {

  private static final long LATENESS_MS = 500;
  private static final AggregationCase SUM = AggregationCase.all().get(1);

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void throwingDecoderStepOrKey_sendsRecordToErrorOutput_andViewContinues(long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = withGarbage(Input.generate(random, 3, 300, 0.1, 2_000, 50), random);
    View<String, Long> view =
        View.named("poison")
            .allowedLateness(Duration.ofMillis(LATENESS_MS))
            .from(Input.STREAM, PoisonRecordTest::decode)
            .map(PoisonRecordTest::rejectItem7)
            .keyBy(PoisonRecordTest::keyRejectingMultiplesOf17, Serdes.string())
            .window(new WindowSpec.Tumbling(1_000))
            .aggregate(Aggregations.sum(Payload::amount));

    Feed.Observed<Long> observed = Feed.run(view, inputs, random, 0.02);

    Reference.Outcome expected =
        Reference.compute(
            inputs,
            new WindowSpec.Tumbling(1_000),
            LATENESS_MS,
            i ->
                i.raw() != null
                    || i.payload().item().equals("i7")
                    || i.payload().amount() % 17 == 0);
    Expectations.assertMatches(observed, expected, SUM, Long.MAX_VALUE, seed);
    assertThat(observed.errors())
        .extracting(SideOutput::reason)
        .as("seed %d: reasons", seed)
        .allMatch(
            r ->
                r.contains("not a payload")
                    || r.contains("item 7 is rejected")
                    || r.contains("no key for multiples of 17"))
        .anyMatch(r -> r.contains("not a payload"))
        .anyMatch(r -> r.contains("item 7"))
        .anyMatch(r -> r.contains("17"));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.kappa.engine.Seeds#seeds")
  void aggregationThrowingAfterMutating_rollsBack_andStateExcludesExactlyThoseRecords(long seed) {
    Random random = new Random(seed);
    List<List<Input>> inputs = Input.generate(random, 3, 300, 0, 0, 1);
    WindowSpec hopping = new WindowSpec.Hopping(1_000, 250);
    View<String, Long> view =
        TestViews.of(
            View.named("half-way").allowedLateness(Duration.ofMillis(LATENESS_MS)),
            hopping,
            new HalfWaySum("i5"));

    Feed.Observed<Long> observed = Feed.run(view, inputs, random, 0.02);

    Reference.Outcome expected =
        Reference.compute(
            inputs, hopping, LATENESS_MS, i -> false, i -> i.payload().item().equals("i5"));
    assertThat(expected.errors()).as("seed %d: some poison", seed).hasSizeGreaterThan(5);
    Expectations.assertMatches(observed, expected, SUM, Long.MAX_VALUE, seed);
    assertThat(observed.errors())
        .as("seed %d", seed)
        .allSatisfy(e -> assertThat(e.reason()).contains("poison item i5 after updating the sum"));
  }

  @Test
  void throwingDecoder_withFailPolicy_stopsTheViewAtItsLastCommit() {
    View<String, Long> view =
        View.named("fragile")
            .onError(ViewOptions.ErrorPolicy.FAIL)
            .from(Input.STREAM, PoisonRecordTest::decode)
            .keyBy(Payload::key, Serdes.string())
            .aggregate(Aggregations.count());
    ViewProcessor<String, Long> processor = ViewProcessor.inMemory(view, Map.of(Input.STREAM, 1));
    Random random = new Random(7);
    for (int offset = 0; offset < 10; offset++) {
      processor.process(
          Input.STREAM, new Input(0, offset, offset, Input.payload(random), null).toRecord());
    }
    processor.commit();
    processor.process(Input.STREAM, new Input(0, 10, 10, Input.payload(random), null).toRecord());
    Input garbage = new Input(0, 11, 11, null, "garbage".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> processor.process(Input.STREAM, garbage.toRecord()))
        .isInstanceOf(ViewFailedException.class)
        .hasMessageContaining("fragile@1")
        .hasMessageContaining(Input.STREAM + "/0@11")
        .hasMessageContaining("not a payload");
    assertThat(processor.state().progress().processed()).isEqualTo(10);
    assertThat(processor.state().sideOutput(SideOutput.Kind.ERROR, 10)).isEmpty();
  }

  @Test
  void throwingAggregation_withFailPolicy_stopsTheView() {
    View<String, Long> view =
        TestViews.of(
            View.named("fragile-sum").onError(ViewOptions.ErrorPolicy.FAIL),
            new WindowSpec.Hopping(1_000, 500),
            new HalfWaySum("i5"));
    ViewProcessor<String, Long> processor = ViewProcessor.inMemory(view, Map.of(Input.STREAM, 1));
    Input poison = new Input(0, 0, 100, new Payload("k", 1, 1.0, "i5"), null);

    assertThatThrownBy(() -> processor.process(Input.STREAM, poison.toRecord()))
        .isInstanceOf(ViewFailedException.class)
        .hasMessageContaining("poison item i5");
    assertThat(processor.state().scan(10)).isEmpty();
  }

  private static Payload decode(dev.kappa.log.RecordView record) {
    String text = StandardCharsets.UTF_8.decode(record.value()).toString();
    if (!text.contains(",")) {
      throw new IllegalArgumentException("not a payload: " + text);
    }
    return Payload.parse(text);
  }

  private static Payload rejectItem7(Payload payload) {
    if (payload.item().equals("i7")) {
      throw new IllegalStateException("item 7 is rejected");
    }
    return payload;
  }

  private static String keyRejectingMultiplesOf17(Payload payload) {
    if (payload.amount() % 17 == 0) {
      throw new IllegalArgumentException("no key for multiples of 17");
    }
    return payload.key();
  }

  /** Replaces one record in 25 with bytes that do not decode. */
  private static List<List<Input>> withGarbage(List<List<Input>> inputs, Random random) {
    List<List<Input>> out = new ArrayList<>();
    for (List<Input> partition : inputs) {
      out.add(
          partition.stream()
              .map(
                  i ->
                      random.nextInt(25) == 0
                          ? new Input(i.partition(), i.offset(), i.time(), null, new byte[] {'x'})
                          : i)
              .toList());
    }
    return out;
  }
}
