package dev.kappa.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * Starts {@code kappa --data <dir> args...} on its own thread, for commands that run until
   * stopped, such as {@code kappa server}.
   */
  Running start(String... args) {
    List<String> all = new ArrayList<>(List.of("--data", data.toString()));
    all.addAll(List.of(args));
    return Running.start(all.toArray(String[]::new));
  }

  /** A command running on its own thread, whose output can be watched while it runs. */
  static final class Running {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private volatile int exitCode = -1;

    private Running(String[] args) {
      CommandLine cli = Main.commandLine(new ByteArrayInputStream(new byte[0]));
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      thread = new Thread(() -> exitCode = cli.execute(args), "kappa-" + args[args.length - 1]);
    }

    static Running start(String[] args) {
      Running running = new Running(args);
      running.thread.start();
      return running;
    }

    /**
     * Waits for {@code kappa server} to print its listening line.
     *
     * @return the server's address, such as {@code http://127.0.0.1:41234}
     * @throws AssertionError if it stopped first or did not listen within 30 s
     */
    String awaitListening() {
      Pattern listening =
          Pattern.compile("kappa server listening on (http://127\\.0\\.0\\.1:\\d+) ");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = listening.matcher(out());
        if (m.find()) {
          return m.group(1);
        }
        if (!isAlive()) {
          break;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      throw new AssertionError("the server did not start listening; stderr: " + err());
    }

    /** Stdout so far. */
    String out() {
      return out.toString();
    }

    /** Stderr so far. */
    String err() {
      return err.toString();
    }

    boolean isAlive() {
      return thread.isAlive();
    }

    /** Interrupts the command, as a signal would stop it, and waits for it to return. */
    Result stop() throws InterruptedException {
      thread.interrupt();
      return await();
    }

    /** Waits for the command to return by itself. */
    Result await() throws InterruptedException {
      thread.join(30_000);
      if (thread.isAlive()) {
        throw new AssertionError("the command did not return within 30 s; stderr: " + err());
      }
      return new Result(exitCode, out(), err());
    }
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
