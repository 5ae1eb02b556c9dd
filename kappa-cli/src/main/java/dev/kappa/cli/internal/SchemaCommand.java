package dev.kappa.cli.internal;

import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.Incompatibility;
import dev.kappa.schema.IncompatibleSchemaException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa schema register|list|check}: a stream's Avro schema versions, in the data directory
 * or, with {@code --server}, through a running server. An incompatible schema exits with {@link
 * CliErrors#FAILED} and lists every incompatibility: version, direction, location and message.
 */
@Command(
    name = "schema",
    description = "Register, list and check the Avro schema versions of a stream.",
    subcommands = {
      SchemaCommand.Register.class,
      SchemaCommand.ListVersions.class,
      SchemaCommand.Check.class
    })
final class SchemaCommand {

  @Command(
      name = "register",
      description = {
        "Register the next schema version of an Avro stream.",
        "FILE holds an Avro record schema (or {\"schema\": …} wrapping one); '-' reads stdin."
            + " A schema equal to an existing version is that version. A schema that breaks the"
            + " stream's compatibility rule is refused with every reason, exit code 1."
      })
  static final class Register implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Parameters(index = "1", paramLabel = "FILE", description = "The schema file, or - for stdin.")
    String file;

    @Override
    public Integer call() {
      String schema = SchemaTexts.read(file, Commands.stdin(spec));
      Catalog.Registration registration;
      try (Catalog catalog = Commands.catalog(spec, server, false)) {
        registration = catalog.register(stream, schema);
      } catch (IncompatibleSchemaException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("kappa: " + headline(e.report(), stream));
        incompatibilities(e.report()).forEach(line -> err.println("kappa: " + line));
        err.flush();
        return CliErrors.FAILED;
      }
      SchemaInfo v = registration.version();
      spec.commandLine()
          .getOut()
          .printf(
              "%s version %d (id %d) of stream '%s': %s%n",
              registration.added() ? "registered schema" : "schema is already",
              v.version(),
              v.id(),
              stream,
              SchemaTexts.fields(v.schema()));
      return 0;
    }
  }

  @Command(name = "list", description = "List a stream's schema versions, oldest first.")
  static final class ListVersions implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Parameters(paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Override
    public Integer call() {
      List<SchemaInfo> versions;
      try (Catalog catalog = Commands.catalog(spec, server, false)) {
        versions = catalog.versions(stream);
      }
      PrintWriter out = spec.commandLine().getOut();
      String row = "%7s  %5s  %s%n";
      out.printf(row, "VERSION", "ID", "FIELDS");
      for (SchemaInfo v : versions) {
        out.printf(row, v.version(), v.id(), SchemaTexts.fields(v.schema()));
      }
      return 0;
    }
  }

  @Command(
      name = "check",
      description = {
        "Check whether a schema could be registered as the stream's next version, without"
            + " registering it.",
        "Prints 'compatible' (exit code 0) or 'incompatible' and every reason (exit code 1)."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Parameters(index = "1", paramLabel = "FILE", description = "The schema file, or - for stdin.")
    String file;

    @Override
    public Integer call() {
      String schema = SchemaTexts.read(file, Commands.stdin(spec));
      CompatibilityReport report;
      try (Catalog catalog = Commands.catalog(spec, server, false)) {
        report = catalog.check(stream, schema);
      }
      PrintWriter out = spec.commandLine().getOut();
      int n = report.incompatibilities().size();
      if (n == 0) {
        out.printf("compatible with stream '%s' (%s)%n", stream, report.compatibility());
        return 0;
      }
      out.printf(
          "incompatible with stream '%s' (%s): %d %s%n",
          stream, report.compatibility(), n, n == 1 ? "incompatibility" : "incompatibilities");
      incompatibilities(report).forEach(out::println);
      return CliErrors.FAILED;
    }
  }

  private static String headline(CompatibilityReport report, String stream) {
    int n = report.incompatibilities().size();
    return "schema is not "
        + report.compatibility()
        + " compatible with stream '"
        + stream
        + "' ("
        + n
        + (n == 1 ? " incompatibility)" : " incompatibilities)");
  }

  /** One line per incompatibility: {@code version 1, backward, /fields/2: <message>}. */
  static List<String> incompatibilities(CompatibilityReport report) {
    List<String> lines = new ArrayList<>();
    for (Incompatibility i : report.incompatibilities()) {
      lines.add(
          "  version "
              + i.version()
              + ", "
              + i.direction()
              + ", "
              + i.location()
              + ": "
              + i.message());
    }
    return lines;
  }
}
