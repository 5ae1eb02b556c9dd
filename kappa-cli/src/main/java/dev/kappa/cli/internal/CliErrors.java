package dev.kappa.cli.internal;

import dev.kappa.cli.internal.http.ServerCallException;
import dev.kappa.log.InvalidStreamNameException;
import dev.kappa.log.LogException;
import dev.kappa.schema.SchemaException;
import dev.kappa.server.ServerStartException;
import dev.kappa.server.ViewLoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Turns every failure into one line {@code kappa: <message>} on stderr and an exit code; the stack
 * trace follows only with {@code --verbose}.
 */
public final class CliErrors {

  /** The operation failed. */
  public static final int FAILED = 1;

  /** The arguments were wrong. */
  public static final int USAGE = 2;

  private CliErrors() {}

  /** Installs the handlers on {@code cli}, whose user object is a {@link KappaCommand}. */
  public static void install(CommandLine cli) {
    KappaCommand root = cli.getCommand();
    cli.setParameterExceptionHandler(CliErrors::onBadArguments);
    cli.setExecutionExceptionHandler(
        (e, command, parseResult) -> onFailure(root.verbose(), command.getErr(), e));
  }

  private static int onBadArguments(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(
        "kappa: "
            + e.getMessage()
            + " (see '"
            + command.getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return USAGE;
  }

  private static int onFailure(boolean verbose, PrintWriter err, Exception thrown) {
    Throwable e = unwrap(thrown);
    err.println("kappa: " + message(e));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return exitCode(e);
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static int exitCode(Throwable e) {
    return switch (e) {
      case CommandFailedException c -> c.exitCode();
      case InvalidStreamNameException i -> USAGE;
      case IllegalArgumentException i -> USAGE;
      default -> FAILED;
    };
  }

  /** A one-line message for {@code e}, naming files for I/O errors. */
  static String message(Throwable e) {
    return switch (e) {
      case CommandFailedException c -> c.getMessage();
      case LogException l -> l.getMessage();
      case SchemaException s -> s.getMessage();
      case ServerCallException s -> s.getMessage();
      case ServerStartException s -> s.getMessage();
      case ViewLoadException v -> v.getMessage();
      case IllegalArgumentException i -> i.getMessage();
      case UncheckedIOException u -> message(u.getCause());
      case NoSuchFileException n -> "no such file: " + n.getFile();
      case AccessDeniedException a -> "permission denied: " + a.getFile();
      case IOException io -> "I/O error: " + io;
      case InterruptedException i -> "interrupted";
      default -> "internal error: " + e + " (rerun with --verbose for the stack trace)";
    };
  }
}
