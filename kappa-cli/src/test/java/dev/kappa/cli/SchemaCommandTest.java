package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.cli.Modes.Mode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code kappa schema}, on the data directory and through a server, with the same results. */
class SchemaCommandTest {

  private static final String V1_FIELDS = "user:string, page:string, ts:timestamp-millis, n:int";

  @TempDir Path dir;
  private Modes modes;

  private Modes clicks(Mode mode) {
    modes = new Modes(dir.resolve("data"), mode);
    Cli.Result created =
        modes.run(
            "stream",
            "create",
            "clicks",
            "--schema",
            Schemas.file(dir, "v1.avsc", Schemas.CLICK_V1));
    assertThat(created.exitCode()).as(created.err()).isZero();
    return modes;
  }

  @AfterEach
  void stop() {
    if (modes != null) {
      modes.close();
    }
  }

  @Test
  @Timeout(30)
  void list_throughAServerThatNeverAnswers_failsInOneLineAfterTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort();
      Cli.Result listed =
          new Cli(dir.resolve("data"))
              .run("schema", "list", "clicks", "--server", url, "--timeout", "300ms");

      assertThat(listed.exitCode()).isEqualTo(1);
      assertThat(listed.err())
          .isEqualTo(
              "kappa: the server at "
                  + url
                  + " did not answer within 300 ms; if it is busy, allow it longer with"
                  + " --timeout\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void registerCheckAndList_showTheVersionsWithIdsAndFields(Mode mode) {
    Modes kappa = clicks(mode);
    String v2 = Schemas.file(dir, "v2.avsc", Schemas.CLICK_V2);

    Cli.Result check = kappa.run("schema", "check", "clicks", v2);
    Cli.Result register = kappa.run("schema", "register", "clicks", v2);
    Cli.Result again = kappa.run("schema", "register", "clicks", v2);
    Cli.Result list = kappa.run("schema", "list", "clicks");

    assertThat(check.exitCode()).isZero();
    assertThat(check.out()).isEqualTo("compatible with stream 'clicks' (BACKWARD)\n");
    assertThat(register.exitCode()).as(register.err()).isZero();
    assertThat(register.out())
        .isEqualTo(
            "registered schema version 2 (id 2) of stream 'clicks': "
                + V1_FIELDS
                + ", ref:null|string\n");
    assertThat(again.out()).startsWith("schema is already version 2 (id 2) of stream 'clicks'");
    assertThat(list.exitCode()).isZero();
    assertThat(list.lines()).hasSize(3);
    assertThat(list.lines().get(0).trim().split("\\s+")).containsExactly("VERSION", "ID", "FIELDS");
    assertThat(list.lines().get(1).trim()).matches("1\\s+1\\s+" + V1_FIELDS);
    assertThat(list.lines().get(2).trim())
        .matches("2\\s+2\\s+" + V1_FIELDS + ", ref:null\\|string");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void check_incompatibleSchema_exitsOneListingVersionDirectionLocationAndReason(Mode mode) {
    Modes kappa = clicks(mode);

    Cli.Result check =
        kappa.run(
            "schema", "check", "clicks", Schemas.file(dir, "c.avsc", Schemas.CLICK_WITH_COUNTRY));

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.lines()).hasSize(2);
    assertThat(check.lines().get(0))
        .isEqualTo("incompatible with stream 'clicks' (BACKWARD): 1 incompatibility");
    assertThat(check.lines().get(1))
        .startsWith("  version 1, backward, /fields/")
        .contains("country");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void register_incompatibleSchema_exitsOneWithTheReasonAndRegistersNothing(Mode mode) {
    Modes kappa = clicks(mode);

    Cli.Result register =
        kappa.run(
            "schema",
            "register",
            "clicks",
            Schemas.file(dir, "c.avsc", Schemas.CLICK_WITH_COUNTRY));
    Cli.Result list = kappa.run("schema", "list", "clicks");

    assertThat(register.exitCode()).isEqualTo(1);
    assertThat(register.out()).isEmpty();
    assertThat(register.err().lines().toList())
        .hasSize(2)
        .first()
        .isEqualTo(
            "kappa: schema is not BACKWARD compatible with stream 'clicks' (1 incompatibility)");
    assertThat(register.err().lines().toList().get(1))
        .startsWith("kappa:   version 1, backward, /fields/")
        .contains("country");
    assertThat(list.lines()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void register_fromStdinWrappedInASchemaObject_registersTheInnerSchema(Mode mode) {
    Modes kappa = clicks(mode);

    Cli.Result register =
        kappa.runWithStdin(
            "{\"schema\": " + Schemas.CLICK_V2 + "}", "schema", "register", "clicks", "-");

    assertThat(register.exitCode()).as(register.err()).isZero();
    assertThat(register.out()).startsWith("registered schema version 2 (id 2)");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void unknownStream_failsWithOneLineNamingIt(Mode mode) {
    Modes kappa = clicks(mode);

    Cli.Result list = kappa.run("schema", "list", "nope");
    Cli.Result check =
        kappa.run("schema", "check", "nope", Schemas.file(dir, "v1.avsc", Schemas.CLICK_V1));

    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).isEqualTo("kappa: unknown stream 'nope'\n");
    assertThat(check.err()).isEqualTo("kappa: unknown stream 'nope'\n");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void register_schemaThatIsNotARecord_failsAsInvalid(Mode mode) {
    Modes kappa = clicks(mode);

    Cli.Result register =
        kappa.runWithStdin("{\"type\":\"string\"}", "schema", "register", "clicks", "-");

    assertThat(register.exitCode()).isEqualTo(1);
    assertThat(register.err())
        .startsWith("kappa: invalid schema: ")
        .contains("record")
        .hasLineCount(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void register_onASchemalessStream_failsAsAModelConflict(Mode mode) {
    Modes kappa = clicks(mode);
    kappa.run("stream", "create", "logs", "--schemaless");

    Cli.Result register =
        kappa.run("schema", "register", "logs", Schemas.file(dir, "v1.avsc", Schemas.CLICK_V1));

    assertThat(register.exitCode()).isEqualTo(1);
    assertThat(register.err())
        .isEqualTo("kappa: stream 'logs' is schemaless; it takes no schema\n");
  }
}
