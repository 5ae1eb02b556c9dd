package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.cli.Modes.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code kappa stream create} with canonical-model options, locally and through a server. */
class StreamCreateModelTest {

  @TempDir Path dir;
  private Modes modes;

  private Modes modes(Mode mode) {
    modes = new Modes(dir.resolve("data"), mode);
    return modes;
  }

  @AfterEach
  void stop() {
    if (modes != null) {
      modes.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void create_withSchemaCompatibilityAndEventTimeField_definesTheModelAndVersionOne(Mode mode) {
    Cli.Result created =
        modes(mode)
            .run(
                "stream",
                "create",
                "clicks",
                "--partitions",
                "2",
                "--schema",
                Schemas.file(dir, "v1.avsc", Schemas.CLICK_V1),
                "--compatibility",
                "FULL",
                "--event-time-field",
                "ts");
    Cli.Result list = modes.run("schema", "list", "clicks");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out())
        .isEqualTo(
            "created stream 'clicks' with 2 partitions, retention forever; Avro, FULL compatible,"
                + " event time from 'ts', schema version 1 (id 1)\n");
    assertThat(list.lines()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void create_avroWithoutSchema_rejectsEventsUntilOneIsRegistered(Mode mode) {
    Modes kappa = modes(mode);

    Cli.Result created = kappa.run("stream", "create", "clicks", "--compatibility", "NONE");
    Cli.Result ingest =
        kappa.runWithStdin(
            Clicks.random(new java.util.Random(1), 1).getFirst().line(), "ingest", "clicks", "-");

    assertThat(created.out())
        .isEqualTo(
            "created stream 'clicks' with 1 partition, retention forever; Avro, NONE compatible,"
                + " no schema yet\n");
    assertThat(ingest.exitCode()).isEqualTo(1);
    assertThat(ingest.err()).contains("no_schema: stream 'clicks' has no schema yet");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void create_schemaless_takesAnyJsonAsSent(Mode mode) {
    Modes kappa = modes(mode);

    Cli.Result created = kappa.run("stream", "create", "logs", "--schemaless");
    Cli.Result ingest = kappa.runWithStdin("[1,2]\n\"text\"\n{\"a\":{}}\n", "ingest", "logs", "-");
    Cli.Result read = kappa.runLocal("read", "logs");

    assertThat(created.out())
        .isEqualTo("created stream 'logs' with 1 partition, retention forever; schemaless\n");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(read.out()).isEqualTo("[1,2]\n\"text\"\n{\"a\":{}}\n");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void create_whenTheStreamExists_failsWithTheSameMessage(Mode mode) {
    Modes kappa = modes(mode);
    kappa.run("stream", "create", "s", "--schemaless");

    Cli.Result again = kappa.run("stream", "create", "s", "--schemaless");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("kappa: stream 's' already exists\n");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void create_withASchemaThatIsNotARecord_failsAndCreatesNothing(Mode mode) {
    Modes kappa = modes(mode);
    kappa.run("stream", "create", "other");

    Cli.Result created =
        kappa.runWithStdin("{\"type\":\"int\"}", "stream", "create", "bad", "--schema", "-");
    Cli.Result list = kappa.runLocal("stream", "list");

    assertThat(created.exitCode()).isEqualTo(1);
    assertThat(created.err()).startsWith("kappa: invalid schema: ").hasLineCount(1);
    assertThat(list.out()).doesNotContain("bad");
  }

  @Test
  void create_withAnAvroSchemaError_failsInOneLineNamingStreamAndFile_andCreatesNothing() {
    Modes kappa = modes(Mode.LOCAL);
    String unknownType =
        "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nope\"}]}";
    String badDefault =
        "{\"type\":\"record\",\"name\":\"X\",\"fields\":"
            + "[{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}]}";
    String notJson = "{record";
    for (String text : new String[] {unknownType, badDefault, notJson}) {
      String file = Schemas.file(dir, "bad.avsc", text);
      Cli.Result created = kappa.run("stream", "create", "bad", "--schema", file);

      assertThat(created.exitCode()).as(text).isEqualTo(1);
      assertThat(created.err())
          .as(text)
          .startsWith("kappa: invalid schema: stream 'bad', " + file + ": ")
          .doesNotContain("internal error")
          .hasLineCount(1);
    }
    assertThat(kappa.runLocal("stream", "list").out()).doesNotContain("bad");
  }

  @Test
  void create_withoutModelOptions_isAPlainStreamLocallyAndSchemalessOnAServer() {
    Cli.Result local = modes(Mode.LOCAL).run("stream", "create", "a");
    modes.close();
    Cli.Result server = modes(Mode.SERVER).run("stream", "create", "b");

    assertThat(local.out()).isEqualTo("created stream 'a' with 1 partition, retention forever\n");
    assertThat(server.out())
        .isEqualTo("created stream 'b' with 1 partition, retention forever; schemaless\n");
  }

  @Test
  void create_schemalessWithSchema_failsAsBadArguments() {
    Cli.Result created =
        modes(Mode.LOCAL)
            .run(
                "stream",
                "create",
                "s",
                "--schemaless",
                "--schema",
                Schemas.file(dir, "v1.avsc", Schemas.CLICK_V1));

    assertThat(created.exitCode()).isEqualTo(2);
    assertThat(created.err()).isEqualTo("kappa: --schemaless and --schema exclude each other\n");
  }

  @Test
  void create_withUnknownCompatibility_failsListingTheModes() {
    Cli.Result created = modes(Mode.LOCAL).run("stream", "create", "s", "--compatibility", "SOME");

    assertThat(created.exitCode()).isEqualTo(2);
    assertThat(created.err()).contains("BACKWARD").contains("FULL_TRANSITIVE");
  }
}
