package dev.kappa.cli.internal;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code kappa} command: holds the options every command shares and opens the log they
 * work on. One instance serves one command execution; not thread-safe.
 */
@Command(
    name = "kappa",
    scope = ScopeType.INHERIT, // every command gets --help and --version
    mixinStandardHelpOptions = true,
    version = "kappa 0.1.0-SNAPSHOT",
    description =
        "The Kappa architecture as one product: an immutable event log, its schemas, its HTTP"
            + " server and its tools.",
    subcommands = {
      ServerCommand.class,
      StreamCommand.class,
      SchemaCommand.class,
      IngestCommand.class,
      AppendCommand.class,
      ReadCommand.class,
      ViewCommand.class,
      QueryCommand.class,
      DumpSegmentCommand.class,
      BenchCommand.class,
      DemoCommand.class
    })
public final class KappaCommand {

  /** Where the log lives unless {@code --data} says otherwise. */
  public static final Path DEFAULT_DATA = Path.of("data");

  @Option(
      names = "--data",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "The data directory of the log (default: ./data).")
  private Path data;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  private boolean verbose;

  private final InputStream stdin;
  private final Function<Path, Log> opener;

  public KappaCommand(InputStream stdin) {
    this(stdin, EmbeddedLog::open);
  }

  /** For tests: {@code opener} opens the log of a data directory. */
  KappaCommand(InputStream stdin, Function<Path, Log> opener) {
    this.stdin = Objects.requireNonNull(stdin, "stdin");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /** The data directory: {@code --data}, or {@code ./data} relative to the working directory. */
  Path dataDir() {
    return data != null ? data : DEFAULT_DATA;
  }

  /** The {@code --data} directory if it was given, else null. */
  Path explicitDataDir() {
    return data;
  }

  boolean verbose() {
    return verbose;
  }

  InputStream stdin() {
    return stdin;
  }

  /** Opens the log in the data directory, creating the directory if needed. */
  Log openLog() {
    return opener.apply(dataDir());
  }

  /**
   * Opens the log in the data directory, which must already exist: commands that only look at data
   * should not leave an empty log behind a mistyped {@code --data}.
   *
   * @throws CommandFailedException if the directory does not exist
   */
  Log openExistingLog() {
    return opener.apply(requireExistingDataDir());
  }

  /**
   * The data directory, which must already exist.
   *
   * @throws CommandFailedException if it does not
   */
  Path requireExistingDataDir() {
    Path dir = dataDir();
    if (!Files.isDirectory(dir)) {
      throw new CommandFailedException(
          "no log at "
              + dir.toAbsolutePath()
              + ": the directory does not exist (create a stream first, or pass --data DIR)");
    }
    return dir;
  }
}
