package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadCommandTest {

  private static final long BASE = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
  private static final int EVENTS = 200;

  @TempDir Path dir;
  private Cli cli;
  private final List<String> events = new ArrayList<>();

  /** 200 events a minute apart in partition 0; partition 1 holds "p1-0".."p1-4". */
  @BeforeEach
  void setUp() {
    cli = new Cli(dir.resolve("data"));
    cli.run("stream", "create", "s", "--partitions", "2");
    for (int i = 0; i < EVENTS; i++) {
      events.add("{\"i\":" + i + ",\"at\":" + time(i) + "}");
    }
    Cli.Result a =
        cli.runWithStdin(
            String.join("\n", events),
            "append",
            "s",
            "--partition",
            "0",
            "--time-field",
            "at",
            "--batch-size",
            "16");
    Cli.Result b =
        cli.runWithStdin("p1-0\np1-1\np1-2\np1-3\np1-4\n", "append", "s", "--partition", "1");
    assertThat(a.exitCode()).isZero();
    assertThat(b.exitCode()).isZero();
  }

  private static long time(int i) {
    return BASE + i * 60_000L;
  }

  @Test
  void read_allPartitions_printsPartitionZeroThenOne() {
    Cli.Result read = cli.run("read", "s");

    List<String> expected = new ArrayList<>(events);
    expected.addAll(List.of("p1-0", "p1-1", "p1-2", "p1-3", "p1-4"));
    assertThat(read.exitCode()).isZero();
    assertThat(read.lines()).isEqualTo(expected);
  }

  @Test
  void read_fromTimeAsIso_startsAtFirstEventAtOrAfterIt() {
    // Between event 36 and 37: the first record at or after it is event 37.
    String from = Instant.ofEpochMilli(time(36) + 1).toString();

    Cli.Result read = cli.run("read", "s", "--partition", "0", "--from-time", from);

    assertThat(read.lines()).isEqualTo(events.subList(37, EVENTS));
  }

  @Test
  void read_fromTimeAsEpochMillis_includesARecordExactlyAtThatTime() {
    Cli.Result read =
        cli.run("read", "s", "--partition", "0", "--from-time", Long.toString(time(150)));

    assertThat(read.lines()).isEqualTo(events.subList(150, EVENTS));
  }

  @Test
  void read_fromTimeAfterEverything_printsNothing() {
    Cli.Result read =
        cli.run("read", "s", "--partition", "0", "--from-time", Long.toString(time(EVENTS)));

    assertThat(read.exitCode()).isZero();
    assertThat(read.out()).isEmpty();
  }

  @Test
  void read_fromOffsetWithMax_printsThatWindow() {
    Cli.Result read = cli.run("read", "s", "--partition", "0", "--from-offset", "21", "--max", "5");

    assertThat(read.lines()).isEqualTo(events.subList(21, 26));
  }

  @Test
  void read_fromOffsetOverAllPartitions_clampsToEachPartition() {
    Cli.Result read = cli.run("read", "s", "--from-offset", "198");

    assertThat(read.lines()).containsExactly(events.get(198), events.get(199));
  }

  @Test
  void read_maxAcrossPartitions_stopsAtTheLimit() {
    // Offset 3 on in each partition: 197 events of partition 0, then p1-3 and p1-4.
    Cli.Result read = cli.run("read", "s", "--from-offset", "3", "--max", "198");

    List<String> expected = new ArrayList<>(events.subList(3, EVENTS));
    expected.add("p1-3");
    assertThat(read.lines()).isEqualTo(expected);
  }

  @Test
  void read_jsonFormat_printsEveryField() throws Exception {
    Cli.Result read = cli.run("read", "s", "--partition", "0", "--max", "3", "--format", "json");

    List<String> lines = read.lines();
    assertThat(lines).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode r = new ObjectMapper().readTree(lines.get(i));
      assertThat(r.get("partition").asInt()).isZero();
      assertThat(r.get("offset").asLong()).isEqualTo(i);
      assertThat(r.get("eventTime").asLong()).isEqualTo(time(i));
      assertThat(r.get("appendTime").asLong()).isPositive();
      assertThat(r.get("key").isNull()).isTrue();
      assertThat(r.get("value").asText()).isEqualTo(events.get(i));
      assertThat(r.get("headers").isArray()).isTrue();
    }
  }

  @Test
  void read_followWithMax_returnsOnceMaxRecordsArePrinted() {
    Cli.Result read = cli.run("read", "s", "--partition", "1", "--follow", "--max", "5");

    assertThat(read.exitCode()).isZero();
    assertThat(read.lines()).containsExactly("p1-0", "p1-1", "p1-2", "p1-3", "p1-4");
  }

  @Test
  void read_fromOffsetPastEndOfOnePartition_failsWithTheRange() {
    Cli.Result read = cli.run("read", "s", "--partition", "1", "--from-offset", "9");

    assertThat(read.exitCode()).isEqualTo(1);
    assertThat(read.err()).startsWith("kappa: offset 9 of s/1 is outside the readable range");
  }

  @Test
  void read_withBadTime_failsAsBadArgument() {
    Cli.Result read = cli.run("read", "s", "--from-time", "yesterday");

    assertThat(read.exitCode()).isEqualTo(2);
    assertThat(read.err()).startsWith("kappa: invalid time 'yesterday'");
  }

  @Test
  void read_withBothStarts_failsAsBadArgument() {
    Cli.Result read = cli.run("read", "s", "--from-time", "0", "--from-offset", "0");

    assertThat(read.exitCode()).isEqualTo(2);
    assertThat(read.err()).contains("mutually exclusive");
  }

  @Test
  void read_unknownStream_failsWithOneLineMessage() {
    Cli.Result read = cli.run("read", "nope");

    assertThat(read.exitCode()).isEqualTo(1);
    assertThat(read.err()).isEqualTo("kappa: unknown stream 'nope'\n");
  }

  @Test
  void read_unknownPartition_failsWithTheValidRange() {
    Cli.Result read = cli.run("read", "s", "--partition", "7");

    assertThat(read.exitCode()).isEqualTo(1);
    assertThat(read.err()).isEqualTo("kappa: stream 's' has partitions 0..1, not 7\n");
  }

  @Test
  void read_manyRecords_printsAllOfThem() {
    cli.run("stream", "create", "big");
    String input = String.join("\n", IntStream.range(0, 20_000).mapToObj(i -> "v" + i).toList());
    cli.runWithStdin(input, "append", "big");

    Cli.Result read = cli.run("read", "big");

    assertThat(read.lines()).hasSize(20_000);
    assertThat(read.lines().get(12_345)).isEqualTo("v12345");
  }
}
