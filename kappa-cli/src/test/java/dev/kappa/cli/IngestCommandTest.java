package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.cli.Clicks.Click;
import dev.kappa.cli.Modes.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kappa ingest} into an Avro click stream, on the data directory (through an in-process
 * server) and through a running server, read back with {@code kappa read --format json}.
 */
class IngestCommandTest {

  private static final String BAD_N = "{\"user\":\"u\",\"page\":\"/\",\"ts\":1,\"n\":\"x\"}";
  private static final String NO_PAGE = "{\"user\":\"u\",\"ts\":1,\"n\":1}";

  @TempDir Path dir;
  private Modes modes;

  @AfterEach
  void stop() {
    if (modes != null) {
      modes.close();
    }
  }

  /** A click stream with event time from {@code ts}. */
  private Modes clicks(Mode mode, int partitions) {
    modes = new Modes(dir.resolve("data"), mode);
    Cli.Result created =
        modes.run(
            "stream",
            "create",
            "clicks",
            "--partitions",
            "" + partitions,
            "--event-time-field",
            "ts",
            "--schema",
            Schemas.file(dir, "v1.avsc", Schemas.CLICK_V1));
    assertThat(created.exitCode()).as(created.err()).isZero();
    return modes;
  }

  private String input(List<String> lines) throws Exception {
    return Files.writeString(dir.resolve("in.ndjson"), Clicks.lines(lines)).toString();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ingest_validEvents_areReadBackWithTheirExactValuesAndEventTimes(Mode mode) throws Exception {
    long seed = System.nanoTime();
    System.out.println("seed " + seed);
    List<Click> clicks = Clicks.random(new Random(seed), 500);
    Modes kappa = clicks(mode, 3);

    Cli.Result ingest =
        kappa.run("ingest", "clicks", input(Clicks.linesOf(clicks)), "--batch-size", "64");
    Cli.Result read = kappa.runLocal("read", "clicks", "--format", "json");

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.err())
        .startsWith("ingested 500 events into clicks in ")
        .endsWith(": 500 appended, 0 duplicates, 0 dead-lettered, 0 rejected\n");
    List<JsonNode> values = new ArrayList<>();
    for (String line : read.lines()) {
      JsonNode record = Clicks.parse(line);
      JsonNode value = Clicks.parse(record.get("value").asText());
      values.add(value);
      Click click =
          clicks.stream().filter(c -> c.expected().equals(value)).findFirst().orElseThrow();
      assertThat(record.get("eventTime").asLong()).as("seed %d", seed).isEqualTo(click.ts());
    }
    assertThat(values)
        .as("seed %d", seed)
        .containsExactlyInAnyOrderElementsOf(clicks.stream().map(Click::expected).toList());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ingest_oneInFlightWithReportAcks_keepsInputOrderAndAcksEachBatchsLastOffset(Mode mode)
      throws Exception {
    List<Click> clicks = Clicks.random(new Random(7), 45);
    Modes kappa = clicks(mode, 1);

    Cli.Result ingest =
        kappa.run(
            "ingest",
            "clicks",
            input(Clicks.linesOf(clicks)),
            "--batch-size",
            "10",
            "--in-flight",
            "1",
            "--report-acks");
    Cli.Result read = kappa.runLocal("read", "clicks");

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.lines())
        .containsExactly("acked 0 9", "acked 0 19", "acked 0 29", "acked 0 39", "acked 0 44");
    assertThat(read.lines().stream().map(Clicks::parse).toList())
        .containsExactlyElementsOf(clicks.stream().map(Click::expected).toList());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ingest_invalidEventsWithReject_exitsOnePrintingEachAndAppendsNothing(Mode mode)
      throws Exception {
    List<String> lines = new ArrayList<>(Clicks.linesOf(Clicks.random(new Random(3), 8)));
    lines.add(1, "  "); // a blank line 2: skipped, so event indexes and lines differ
    lines.set(3, BAD_N); // line 4, index 2
    lines.set(6, NO_PAGE); // line 7, index 5
    Modes kappa = clicks(mode, 2);

    Cli.Result ingest = kappa.run("ingest", "clicks", input(lines));
    Cli.Result read = kappa.runLocal("read", "clicks");

    assertThat(ingest.exitCode()).isEqualTo(1);
    List<String> err = ingest.err().lines().toList();
    assertThat(err).hasSize(4);
    assertThat(err.get(0))
        .isEqualTo(
            "kappa: batch 0 (lines 1..9) was rejected: 2 of 8 events are invalid, so none of the"
                + " batch was appended");
    assertThat(err.get(1))
        .startsWith("kappa: line 4 (index 2 of batch 0): invalid_event at $.n: $.n: expected int");
    assertThat(err.get(2)).startsWith("kappa: line 7 (index 5 of batch 0): invalid_event at $");
    assertThat(err.get(2)).contains("page");
    assertThat(err.get(3))
        .startsWith("ingested 8 events into clicks")
        .endsWith(": 0 appended, 0 duplicates, 0 dead-lettered, 8 rejected");
    assertThat(read.exitCode()).isZero();
    assertThat(read.out()).isEmpty();
  }

  @Test
  void ingest_rejectedLaterBatch_keepsTheEarlierBatchesAndSendsNoMore() throws Exception {
    List<Click> clicks = Clicks.random(new Random(11), 9);
    List<String> lines = new ArrayList<>(Clicks.linesOf(clicks));
    lines.set(4, BAD_N); // line 5: batch 2 of batches of two
    Modes kappa = clicks(Mode.LOCAL, 1);

    Cli.Result ingest =
        kappa.run("ingest", "clicks", input(lines), "--batch-size", "2", "--in-flight", "1");
    Cli.Result read = kappa.runLocal("read", "clicks");

    assertThat(ingest.exitCode()).isEqualTo(1);
    assertThat(ingest.err())
        .contains("kappa: batch 2 (lines 5..6) was rejected: 1 of 2 events are invalid")
        .contains("ingested 6 events into clicks")
        .contains(": 4 appended, 0 duplicates, 0 dead-lettered, 2 rejected");
    assertThat(read.lines().stream().map(Clicks::parse).toList())
        .containsExactlyElementsOf(clicks.subList(0, 4).stream().map(Click::expected).toList());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ingest_invalidEventsWithDeadletter_appendsTheValidAndDeadLettersTheRest(Mode mode)
      throws Exception {
    List<Click> clicks = Clicks.random(new Random(5), 10);
    List<String> lines = new ArrayList<>(Clicks.linesOf(clicks));
    lines.set(2, BAD_N);
    lines.set(8, NO_PAGE);
    Modes kappa = clicks(mode, 2);

    Cli.Result ingest =
        kappa.run("ingest", "clicks", input(lines), "--on-invalid", "deadletter", "--report-acks");
    Cli.Result read = kappa.runLocal("read", "clicks");
    Cli.Result letters = kappa.runLocal("read", "clicks.deadletter");

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.err()).endsWith(": 8 appended, 0 duplicates, 2 dead-lettered, 0 rejected\n");
    assertThat(ingest.lines()).contains("dead-lettered 0 1");
    List<JsonNode> valid = new ArrayList<>();
    for (int i = 0; i < clicks.size(); i++) {
      if (i != 2 && i != 8) {
        valid.add(clicks.get(i).expected());
      }
    }
    assertThat(read.lines().stream().map(Clicks::parse).toList())
        .containsExactlyInAnyOrderElementsOf(valid);
    List<JsonNode> dead = letters.lines().stream().map(Clicks::parse).toList();
    assertThat(dead).extracting(d -> d.get("payload").asText()).containsExactly(BAD_N, NO_PAGE);
    assertThat(dead).extracting(d -> d.get("index").asInt()).containsExactly(2, 8);
    assertThat(dead).allSatisfy(d -> assertThat(d.get("stream").asText()).isEqualTo("clicks"));
    assertThat(dead.getFirst().get("path").asText()).isEqualTo("$.n");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ingest_retriedWithTheSameIdempotencyKey_appendsNothingTwice(Mode mode) throws Exception {
    List<Click> clicks = Clicks.random(new Random(9), 30);
    Modes kappa = clicks(mode, 2);
    String file = input(Clicks.linesOf(clicks));

    Cli.Result first =
        kappa.run("ingest", "clicks", file, "--idempotency-key", "load-1", "--batch-size", "8");
    Cli.Result retry =
        kappa.run("ingest", "clicks", file, "--idempotency-key", "load-1", "--batch-size", "8");
    Cli.Result afterRetry = kappa.runLocal("read", "clicks");
    Cli.Result otherKey =
        kappa.run("ingest", "clicks", file, "--idempotency-key", "load-2", "--batch-size", "8");
    Cli.Result afterOther = kappa.runLocal("read", "clicks");

    assertThat(first.err()).endsWith(": 30 appended, 0 duplicates, 0 dead-lettered, 0 rejected\n");
    assertThat(retry.exitCode()).isZero();
    assertThat(retry.err()).endsWith(": 0 appended, 30 duplicates, 0 dead-lettered, 0 rejected\n");
    assertThat(afterRetry.lines().stream().map(Clicks::parse).toList())
        .containsExactlyInAnyOrderElementsOf(clicks.stream().map(Click::expected).toList());
    assertThat(otherKey.err())
        .endsWith(": 30 appended, 0 duplicates, 0 dead-lettered, 0 rejected\n");
    assertThat(afterOther.lines()).hasSize(60);
  }

  @Test
  void ingest_oneJsonEventPerRequest_appendsEachLine() throws Exception {
    List<Click> clicks = Clicks.random(new Random(13), 5);
    Modes kappa = clicks(Mode.SERVER, 1);

    Cli.Result ingest =
        kappa.run(
            "ingest",
            "clicks",
            input(Clicks.linesOf(clicks)),
            "--content-type",
            "application/json",
            "--in-flight",
            "1",
            "--report-acks");
    Cli.Result read = kappa.runLocal("read", "clicks");

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.lines())
        .isEqualTo(IntStream.range(0, 5).mapToObj(i -> "acked 0 " + i).toList());
    assertThat(read.lines().stream().map(Clicks::parse).toList())
        .containsExactlyElementsOf(clicks.stream().map(Click::expected).toList());
  }

  @Test
  void ingest_oneJsonEventPerRequest_malformedLineIsRejectedNamingIt() throws Exception {
    Modes kappa = clicks(Mode.SERVER, 1);

    Cli.Result ingest =
        kappa.run(
            "ingest",
            "clicks",
            input(List.of(Clicks.random(new Random(1), 1).getFirst().line(), "{\"user\":")),
            "--content-type",
            "application/json",
            "--in-flight",
            "1");

    assertThat(ingest.exitCode()).isEqualTo(1);
    assertThat(ingest.err())
        .contains("kappa: line 2 (index 0 of batch 1): malformed_json: ")
        .contains(": 1 appended, 0 duplicates, 0 dead-lettered, 1 rejected");
  }

  @Test
  void ingest_cloudEventsBatch_storesTheDataWithTheAttributesAndDropsRepeatedIds()
      throws Exception {
    modes = new Modes(dir.resolve("data"), Mode.LOCAL);
    modes.run("stream", "create", "events", "--schemaless");
    List<String> lines =
        IntStream.range(0, 4)
            .mapToObj(
                i ->
                    "{\"specversion\":\"1.0\",\"id\":\"e"
                        + i
                        + "\",\"source\":\"/test\",\"type\":\"t\",\"data\":{\"i\":"
                        + i
                        + "}}")
            .toList();
    String file = input(lines);

    Cli.Result first =
        modes.run("ingest", "events", file, "--content-type", "application/cloudevents-batch+json");
    Cli.Result again =
        modes.run("ingest", "events", file, "--content-type", "application/cloudevents-batch+json");
    Cli.Result read = modes.runLocal("read", "events", "--format", "json");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(again.err()).endsWith(": 0 appended, 4 duplicates, 0 dead-lettered, 0 rejected\n");
    List<JsonNode> records = read.lines().stream().map(Clicks::parse).toList();
    assertThat(records)
        .extracting(r -> Clicks.parse(r.get("value").asText()).get("i").asInt())
        .containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(records.getFirst().get("headers").toString())
        .contains("\"ce_id\"")
        .contains("\"ce_source\"");
  }

  @Test
  void ingest_cloudEventsLineThatIsNotJson_failsNamingTheLineBeforeSendingIt() throws Exception {
    modes = new Modes(dir.resolve("data"), Mode.LOCAL);
    modes.run("stream", "create", "events", "--schemaless");

    Cli.Result ingest =
        modes.run(
            "ingest",
            "events",
            input(List.of("{\"specversion\":\"1.0\"}", "{oops")),
            "--content-type",
            "application/cloudevents-batch+json");
    Cli.Result read = modes.runLocal("read", "events");

    assertThat(ingest.exitCode()).isEqualTo(1);
    List<String> err = ingest.err().lines().toList();
    assertThat(err).hasSize(2);
    assertThat(err.get(0)).startsWith("ingested 0 events into events");
    assertThat(err.get(1)).startsWith("kappa: line 2: not valid JSON (");
    assertThat(read.out()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ingest_toUnknownStream_failsWithOneLineNamingIt(Mode mode) throws Exception {
    Modes kappa = clicks(mode, 1);

    Cli.Result ingest = kappa.runWithStdin("{}\n", "ingest", "nope", "-");

    assertThat(ingest.exitCode()).isEqualTo(1);
    assertThat(ingest.err()).isEqualTo("kappa: unknown stream 'nope'\n");
  }

  @Test
  void ingest_whenTheServerCannotBeReached_failsNamingTheAddress() {
    Cli.Result ingest =
        new Cli(dir.resolve("data"))
            .runWithStdin("{}\n", "ingest", "s", "-", "--server", "http://127.0.0.1:1");

    assertThat(ingest.exitCode()).isEqualTo(1);
    assertThat(ingest.err())
        .startsWith("kappa: cannot reach the server at http://127.0.0.1:1 (")
        .hasLineCount(1);
  }

  @Test
  void ingest_withoutADataDirectory_failsWithoutCreatingIt() {
    Cli.Result ingest = new Cli(dir.resolve("data")).runWithStdin("{}\n", "ingest", "s", "-");

    assertThat(ingest.exitCode()).isEqualTo(1);
    assertThat(ingest.err()).contains("no log at").contains("does not exist");
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void ingest_withBadOptions_failsAsBadArguments() {
    Cli cli = new Cli(dir.resolve("data"));

    Cli.Result type = cli.run("ingest", "s", "-", "--content-type", "text/plain");
    Cli.Result onInvalid = cli.run("ingest", "s", "-", "--on-invalid", "ignore");
    Cli.Result batch = cli.run("ingest", "s", "-", "--batch-size", "0");

    assertThat(type.exitCode()).isEqualTo(2);
    assertThat(type.err())
        .isEqualTo(
            "kappa: --content-type must be one of application/x-ndjson, application/json,"
                + " application/cloudevents-batch+json, was 'text/plain'\n");
    assertThat(onInvalid.exitCode()).isEqualTo(2);
    assertThat(onInvalid.err()).contains("--on-invalid must be reject or deadletter");
    assertThat(batch.exitCode()).isEqualTo(2);
  }

  @Test
  void append_toAnAvroStream_isRefusedPointingToIngest() {
    Modes kappa = clicks(Mode.LOCAL, 1);

    Cli.Result append = kappa.runWithStdin("{\"user\":\"u\"}\n", "append", "clicks");

    assertThat(append.exitCode()).isEqualTo(1);
    assertThat(append.err())
        .isEqualTo(
            "kappa: stream 'clicks' has an Avro schema, so its events must be validated and"
                + " encoded; use 'kappa ingest clicks FILE' instead\n");
  }
}
