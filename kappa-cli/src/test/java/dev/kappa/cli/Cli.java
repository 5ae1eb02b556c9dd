package dev.kappa.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code kappa} commands in-process against one data directory, capturing their output. */
final class Cli {

  private final Path data;

  Cli(Path data) {
    this.data = data;
  }

  /** The outcome of one command. */
  record Result(int exitCode, String out, String err) {
    /** Stdout split into lines. */
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** Runs {@code kappa --data <dir> args...} with an empty stdin. */
  Result run(String... args) {
    return runWithStdin(new byte[0], args);
  }

  /** Runs {@code kappa --data <dir> args...} with {@code stdin} as its input. */
  Result runWithStdin(String stdin, String... args) {
    return runWithStdin(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  Result runWithStdin(byte[] stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--data", data.toString()));
    all.addAll(List.of(args));
    return runRaw(new ByteArrayInputStream(stdin), all.toArray(String[]::new));
  }

  /** Runs {@code kappa args...} exactly as given. */
  static Result runRaw(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(stdin);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
