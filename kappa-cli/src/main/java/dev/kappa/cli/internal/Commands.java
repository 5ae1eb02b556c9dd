package dev.kappa.cli.internal;

import java.io.InputStream;
import picocli.CommandLine.Model.CommandSpec;

/** Small helpers shared by the commands. */
final class Commands {

  private Commands() {}

  /** The root command of the command line {@code spec} belongs to. */
  static KappaCommand root(CommandSpec spec) {
    return (KappaCommand) spec.root().userObject();
  }

  /**
   * The catalog a command works on: the server's with {@code --server}, else the data directory's.
   *
   * @param mayCreate whether the data directory may be created (only commands that write)
   */
  static Catalog catalog(CommandSpec spec, ServerOption server, boolean mayCreate) {
    if (server.given()) {
      return new ServerCatalog(server.connect());
    }
    KappaCommand root = root(spec);
    return new LocalCatalog(mayCreate ? root.openLog() : root.openExistingLog());
  }

  /** The command's stdin, for {@code -} arguments. */
  static InputStream stdin(CommandSpec spec) {
    return root(spec).stdin();
  }
}
