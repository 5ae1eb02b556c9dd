package dev.kappa.cli;

import dev.kappa.cli.internal.CliErrors;
import dev.kappa.cli.internal.KappaCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code kappa} command. Exit codes: 0 success, 1 the operation failed (see the one-line {@code
 * kappa: ...} message on stderr), 2 bad arguments.
 */
public final class Main {

  private Main() {}

  /** Runs one command and exits the JVM with its exit code; the only place that exits. */
  public static void main(String[] args) {
    CommandLine cli = commandLine(System.in);
    PrintWriter out =
        new PrintWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
            false);
    cli.setOut(out);
    cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    int code = cli.execute(args);
    out.flush();
    System.exit(code);
  }

  /**
   * A fully configured {@code kappa} command line reading stdin from {@code stdin}. Callers may
   * redirect its output with {@link CommandLine#setOut} and {@link CommandLine#setErr} before
   * {@link CommandLine#execute}; one instance runs one command.
   */
  public static CommandLine commandLine(InputStream stdin) {
    CommandLine cli = new CommandLine(new KappaCommand(stdin));
    cli.setCaseInsensitiveEnumValuesAllowed(true); // --compatibility backward, --format JSON
    CliErrors.install(cli);
    return cli;
  }
}
