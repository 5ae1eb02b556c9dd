package dev.kappa.cli.internal;

import picocli.CommandLine.Model.CommandSpec;

/** Small helpers shared by the commands. */
final class Commands {

  private Commands() {}

  /** The root command of the command line {@code spec} belongs to. */
  static KappaCommand root(CommandSpec spec) {
    return (KappaCommand) spec.root().userObject();
  }
}
