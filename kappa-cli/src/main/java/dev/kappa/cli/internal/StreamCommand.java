package dev.kappa.cli.internal;

import dev.kappa.log.Log;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.RetentionPolicy;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kappa stream create|list|describe}: manage streams. */
@Command(
    name = "stream",
    description = "Create, list and describe streams.",
    subcommands = {
      StreamCommand.Create.class,
      StreamCommand.ListStreams.class,
      StreamCommand.Describe.class
    })
final class StreamCommand {

  @Command(name = "create", description = "Create a stream.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The stream name: letters, digits, . _ -")
    String name;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions (default: 1).")
    int partitions = 1;

    @Option(
        names = "--retention-ms",
        paramLabel = "MS",
        description = "Delete segments whose newest record is older than this (default: never).")
    Long retentionMs;

    @Option(
        names = "--retention-bytes",
        paramLabel = "B",
        description = "Delete old segments while a partition is larger than this (default: never).")
    Long retentionBytes;

    @Override
    public Integer call() {
      StreamConfig.validateName(name);
      RetentionPolicy retention =
          new RetentionPolicy(
              retentionMs == null ? null : Duration.ofMillis(retentionMs),
              retentionBytes == null ? -1 : retentionBytes);
      StreamConfig config = new StreamConfig(name, partitions, retention);
      try (Log log = Commands.root(spec).openLog()) {
        log.createStream(config);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "created stream '%s' with %d partition%s, retention %s%n",
              name, partitions, partitions == 1 ? "" : "s", retention);
      return 0;
    }
  }

  @Command(name = "list", description = "List the streams, sorted by name.")
  static final class ListStreams implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<StreamInfo> streams;
      try (Log log = Commands.root(spec).openExistingLog()) {
        streams = log.listStreams();
      }
      int width = streams.stream().mapToInt(s -> s.name().length()).max().orElse(6);
      String row = "%-" + Math.max(6, width) + "s  %10s  %12s  %14s  %s%n";
      PrintWriter out = spec.commandLine().getOut();
      out.printf(row, "STREAM", "PARTITIONS", "RECORDS", "BYTES", "RETENTION");
      for (StreamInfo s : streams) {
        out.printf(
            row,
            s.name(),
            s.config().partitions(),
            s.recordCount(),
            s.sizeBytes(),
            s.config().retention());
      }
      return 0;
    }
  }

  @Command(name = "describe", description = "Show a stream's partitions and their offsets.")
  static final class Describe implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The stream name.")
    String name;

    @Override
    public Integer call() {
      StreamInfo info;
      try (Log log = Commands.root(spec).openExistingLog()) {
        info = log.describeStream(name);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "stream %s: %d partitions, retention %s, %d records, %d bytes%n",
          info.name(),
          info.config().partitions(),
          info.config().retention(),
          info.recordCount(),
          info.sizeBytes());
      String row = "%9s  %14s  %14s  %14s  %14s  %8s%n";
      out.printf(row, "PARTITION", "START", "END", "DURABLE_END", "BYTES", "SEGMENTS");
      for (PartitionInfo p : info.partitions()) {
        out.printf(
            row,
            p.partition(),
            p.startOffset(),
            p.endOffset(),
            p.durableEnd(),
            p.sizeBytes(),
            p.segmentCount());
      }
      return 0;
    }
  }
}
