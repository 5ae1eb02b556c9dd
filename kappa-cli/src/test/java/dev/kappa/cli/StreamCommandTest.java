package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamCommandTest {

  @TempDir Path dir;

  private Cli cli() {
    return new Cli(dir.resolve("data"));
  }

  @Test
  void create_thenListAndDescribe_showTheStreamAndItsPartitions() {
    Cli cli = cli();

    Cli.Result created = cli.run("stream", "create", "orders", "--partitions", "3");
    cli.run("stream", "create", "audit", "--retention-ms", "60000", "--retention-bytes", "5000000");
    Cli.Result list = cli.run("stream", "list");
    Cli.Result describe = cli.run("stream", "describe", "orders");

    assertThat(created.exitCode()).isZero();
    assertThat(created.out()).contains("created stream 'orders' with 3 partitions");
    assertThat(list.exitCode()).isZero();
    assertThat(list.lines()).hasSize(3);
    assertThat(list.lines().get(0).split("\\s+"))
        .containsExactly("STREAM", "KIND", "PARTITIONS", "RECORDS", "BYTES", "RETENTION");
    assertThat(list.lines().get(1).split("\\s+"))
        .containsExactly("audit", "plain", "1", "0", "0", "maxAge=PT1M,maxBytes=5000000");
    assertThat(list.lines().get(2).split("\\s+")).startsWith("orders", "plain", "3", "0");
    assertThat(describe.exitCode()).isZero();
    assertThat(describe.lines().get(0))
        .startsWith("stream orders: 3 partitions, retention forever");
    assertThat(describe.lines()).hasSize(5);
    for (int p = 0; p < 3; p++) {
      assertThat(describe.lines().get(2 + p).trim().split("\\s+"))
          .startsWith("" + p, "0", "0", "0");
    }
  }

  @Test
  void list_marksInternalAndDeadLetterStreamsAndEachModel() {
    Cli cli = cli();
    cli.run("stream", "create", "logs");
    cli.run("stream", "create", "events", "--schemaless");
    cli.run(
        "stream", "create", "clicks", "--schema", Schemas.file(dir, "c.avsc", Schemas.CLICK_V1));
    cli.run("stream", "create", "clicks.deadletter", "--schemaless");

    Cli.Result list = cli.run("stream", "list");

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(
            list.lines().stream()
                .skip(1)
                .map(line -> line.split("\\s+")[0] + " " + line.split("\\s+")[1]))
        .containsExactly(
            "_kappa.schemas internal",
            "clicks avro",
            "clicks.deadletter deadletter",
            "events schemaless",
            "logs plain");
  }

  @Test
  void describe_afterAppend_showsEndAndDurableEndPerPartition() {
    Cli cli = cli();
    cli.run("stream", "create", "s", "--partitions", "2");
    cli.runWithStdin("a\nb\nc\n", "append", "s", "--partition", "1");

    Cli.Result describe = cli.run("stream", "describe", "s");

    assertThat(describe.lines().get(0)).contains("3 records");
    assertThat(describe.lines().get(2).trim().split("\\s+")).startsWith("0", "0", "0", "0");
    assertThat(describe.lines().get(3).trim().split("\\s+")).startsWith("1", "0", "3", "3");
  }

  @Test
  void create_whenNameTaken_failsWithClearMessage() {
    Cli cli = cli();
    cli.run("stream", "create", "s");

    Cli.Result again = cli.run("stream", "create", "s");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("kappa: stream 's' already exists\n");
  }

  @Test
  void create_withInvalidName_failsAsBadArgumentWithoutCreatingTheDataDirectory() {
    Cli.Result result = cli().run("stream", "create", "../escape");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("kappa: invalid stream name '../escape': ")
        .doesNotContain("Exception")
        .hasLineCount(1);
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void create_withZeroPartitions_failsAsBadArgument() {
    Cli.Result result = cli().run("stream", "create", "s", "--partitions", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("partitions must be 1..1024, was 0").hasLineCount(1);
  }

  @Test
  void describe_unknownStream_failsWithOneLineMessage() {
    Cli cli = cli();
    cli.run("stream", "create", "s");

    Cli.Result result = cli.run("stream", "describe", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("kappa: unknown stream 'nope'\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void list_whenDataDirectoryMissing_failsInsteadOfCreatingIt() {
    Cli.Result result = cli().run("stream", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("no log at").contains("does not exist");
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void unknownOption_failsAsBadArgumentNamingTheCommand() {
    Cli.Result result = cli().run("stream", "list", "--bogus");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("kappa: Unknown option: '--bogus' (see 'kappa stream list --help')\n");
  }

  @Test
  void verbose_printsTheStackTraceAfterTheMessage() {
    Cli cli = cli();
    cli.run("stream", "create", "s");

    Cli.Result result = cli.run("--verbose", "stream", "describe", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("kappa: unknown stream 'nope'\n")
        .contains("UnknownStreamException")
        .contains("\tat ");
  }

  @Test
  void help_onASubcommand_printsItsUsageAndSucceeds() {
    Cli.Result result = cli().run("stream", "create", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: kappa stream create ")
        .contains("--partitions=N")
        .contains("--data=DIR");
  }
}
