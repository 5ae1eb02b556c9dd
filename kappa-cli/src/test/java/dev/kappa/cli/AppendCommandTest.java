package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Cli cli() {
    return new Cli(dir.resolve("data"));
  }

  @Test
  void append_plainLinesFromStdin_readsBackExactlyInOrder() {
    Cli cli = cli();
    cli.run("stream", "create", "s");
    // No final newline, a CRLF line, an empty line and non-ASCII text.
    String input = "first\r\nsecond line with spaces\n\nünïcödé ✓\nlast";

    Cli.Result append = cli.runWithStdin(input, "append", "s");
    Cli.Result read = cli.run("read", "s");

    assertThat(append.exitCode()).isZero();
    assertThat(append.out()).isEmpty();
    assertThat(append.err()).startsWith("appended 5 records to s in ").contains("records/s");
    assertThat(read.exitCode()).isZero();
    assertThat(read.out()).isEqualTo("first\nsecond line with spaces\n\nünïcödé ✓\nlast\n");
  }

  @Test
  void append_fromFileInSmallBatches_keepsEveryLineInOrder() throws Exception {
    Cli cli = cli();
    cli.run("stream", "create", "s");
    List<String> lines = IntStream.range(0, 2500).mapToObj(i -> "line-" + i).toList();
    Path file = dir.resolve("in.txt");
    Files.write(file, lines);

    Cli.Result append =
        cli.run("append", "s", "--file", file.toString(), "--batch-size", "7", "--partition", "0");
    Cli.Result read = cli.run("read", "s", "--partition", "0");

    assertThat(append.exitCode()).isZero();
    assertThat(read.lines()).isEqualTo(lines);
  }

  @Test
  void append_withKeyAndTimeFields_storesKeysAndEventTimes() throws Exception {
    Cli cli = cli();
    cli.run("stream", "create", "clicks", "--partitions", "3");
    long base = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String ts =
          i % 2 == 0
              ? Long.toString(base + i * 1000L)
              : "\"" + Instant.ofEpochMilli(base + i * 1000L) + "\"";
      input.add("{\"n\":" + i + ",\"user\":\"u" + (i % 7) + "\",\"ts\":" + ts + "}");
    }

    Cli.Result append =
        cli.runWithStdin(
            String.join("\n", input) + "\n",
            "append",
            "clicks",
            "--key-field",
            "user",
            "--time-field",
            "ts",
            "--batch-size",
            "50");
    Cli.Result read = cli.run("read", "clicks", "--format", "json");

    assertThat(append.exitCode()).isZero();
    assertThat(read.exitCode()).isZero();
    List<JsonNode> records = new ArrayList<>();
    for (String line : read.lines()) {
      records.add(JSON.readTree(line));
    }
    assertThat(records).hasSize(300);
    Map<String, Integer> partitionOfKey = new HashMap<>();
    Map<Integer, List<Integer>> numbersByPartition = new TreeMap<>();
    for (JsonNode r : records) {
      JsonNode value = JSON.readTree(r.get("value").asText());
      int n = value.get("n").asInt();
      assertThat(r.get("key").asText()).isEqualTo("u" + (n % 7));
      assertThat(r.get("eventTime").asLong()).isEqualTo(base + n * 1000L);
      assertThat(r.get("value").asText()).isEqualTo(input.get(n));
      int partition = r.get("partition").asInt();
      assertThat(partitionOfKey.putIfAbsent(r.get("key").asText(), partition))
          .as("one key, one partition")
          .isIn(null, partition);
      numbersByPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(n);
    }
    // Within a partition, offsets follow input order.
    numbersByPartition.values().forEach(ns -> assertThat(ns).isSorted());
    assertThat(numbersByPartition).hasSizeGreaterThan(1);
  }

  @Test
  void append_withReportAcks_reportsExactlyTheOffsetsStored() {
    Cli cli = cli();
    cli.run("stream", "create", "s", "--partitions", "2");
    String input = String.join("\n", IntStream.range(0, 95).mapToObj(i -> "r" + i).toList());

    Cli.Result append =
        cli.runWithStdin(
            input, "append", "s", "--partition", "1", "--batch-size", "10", "--report-acks");
    Cli.Result read = cli.run("read", "s", "--partition", "1", "--format", "json");

    assertThat(append.exitCode()).isZero();
    List<String> acks = append.lines();
    assertThat(acks)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 10).mapToObj(b -> "acked 1 " + Math.min(b * 10 + 9, 94)).toList());
    List<Long> offsets = read.lines().stream().map(l -> parse(l).get("offset").asLong()).toList();
    assertThat(offsets).isEqualTo(IntStream.range(0, 95).mapToObj(i -> (long) i).toList());
    assertThat(read.lines().get(94)).contains("\"value\":\"r94\"");
  }

  @Test
  void append_byKeyWithReportAcks_lastAckPerPartitionIsItsLastOffset() {
    Cli cli = cli();
    cli.run("stream", "create", "s", "--partitions", "3");
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      input.append("{\"k\":\"key").append(i % 13).append("\"}\n");
    }

    Cli.Result append =
        cli.runWithStdin(
            input.toString(),
            "append",
            "s",
            "--key-field",
            "k",
            "--batch-size",
            "30",
            "--report-acks");
    Cli.Result read = cli.run("read", "s", "--format", "json");

    Map<Integer, Long> maxAcked = new TreeMap<>();
    for (String line : append.lines()) {
      String[] parts = line.split(" ");
      assertThat(parts[0]).isEqualTo("acked");
      maxAcked.merge(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Math::max);
    }
    Map<Integer, Long> lastStored = new TreeMap<>();
    for (String line : read.lines()) {
      JsonNode r = parse(line);
      lastStored.merge(r.get("partition").asInt(), r.get("offset").asLong(), Math::max);
    }
    assertThat(read.lines()).hasSize(200);
    assertThat(maxAcked).isEqualTo(lastStored);
  }

  @Test
  void append_toUnknownStream_failsBeforeReadingInput() {
    Cli.Result result = cli().runWithStdin("a\n", "append", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("kappa: unknown stream 'nope'\n");
  }

  @Test
  void append_toUnknownPartition_failsWithTheValidRange() {
    Cli cli = cli();
    cli.run("stream", "create", "s", "--partitions", "2");

    Cli.Result result = cli.runWithStdin("a\n", "append", "s", "--partition", "2");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("kappa: stream 's' has partitions 0..1, not 2\n");
  }

  @Test
  void append_whenALineIsNotJson_failsNamingTheLineAndKeepsEarlierBatches() {
    Cli cli = cli();
    cli.run("stream", "create", "s");
    String input = "{\"k\":1}\n{\"k\":2}\n{\"k\":3}\nnot json\n{\"k\":5}\n";

    Cli.Result result =
        cli.runWithStdin(input, "append", "s", "--key-field", "k", "--batch-size", "2");
    Cli.Result read = cli.run("read", "s");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("kappa: line 4: not valid JSON")
        .contains("(2 records were appended and are durable, the rest were not)")
        .hasLineCount(1);
    assertThat(read.out()).isEqualTo("{\"k\":1}\n{\"k\":2}\n");
  }

  @Test
  void append_whenTimeFieldMissing_failsNamingTheLine() {
    Cli cli = cli();
    cli.run("stream", "create", "s");

    Cli.Result result =
        cli.runWithStdin("{\"ts\":5}\n{\"x\":1}\n", "append", "s", "--time-field", "ts");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("kappa: line 2: no time field 'ts'");
  }

  @Test
  void append_fromMissingFile_failsNamingTheFile() {
    Cli cli = cli();
    cli.run("stream", "create", "s");

    Cli.Result result = cli.run("append", "s", "--file", dir.resolve("missing.txt").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("kappa: cannot read ").contains("missing.txt");
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
