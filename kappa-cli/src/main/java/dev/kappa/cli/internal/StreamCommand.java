package dev.kappa.cli.internal;

import dev.kappa.log.Log;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.RetentionPolicy;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamInfo;
import dev.kappa.schema.Compatibility;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.StreamModel;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa stream create|list|describe}: manage streams. {@code create} works on the data
 * directory or, with {@code --server}, through a running server; {@code list} and {@code describe}
 * read the data directory.
 */
@Command(
    name = "stream",
    description = "Create, list and describe streams.",
    subcommands = {
      StreamCommand.Create.class,
      StreamCommand.ListStreams.class,
      StreamCommand.Describe.class
    })
final class StreamCommand {

  @Command(
      name = "create",
      description = {
        "Create a stream.",
        "Without model options it is a plain log stream whose records are stored as sent"
            + " (with --server: a schemaless stream, which ingests alike). --schema,"
            + " --compatibility or --event-time-field make it an Avro stream whose events are"
            + " validated at ingest; --schemaless records that it takes any events."
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOption server = new ServerOption();

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

    @Option(
        names = "--schemaless",
        description = "The stream takes any events, unvalidated (excludes --schema).")
    boolean schemaless;

    @Option(
        names = "--schema",
        paramLabel = "FILE",
        description = "The first Avro record schema of the stream ('-' reads stdin).")
    String schemaFile;

    @Option(
        names = "--compatibility",
        paramLabel = "MODE",
        description =
            "How the schema may evolve: ${COMPLETION-CANDIDATES} (default: BACKWARD, or NONE when"
                + " schemaless).")
    Compatibility compatibility;

    @Option(
        names = "--event-time-field",
        paramLabel = "F",
        description =
            "The top-level field holding each event's time (a long of epoch millis or a timestamp"
                + " logical type); default: the CloudEvents time, else the append time.")
    String eventTimeField;

    @Override
    public Integer call() {
      StreamConfig.validateName(name);
      RetentionPolicy retention =
          new RetentionPolicy(
              retentionMs == null ? null : Duration.ofMillis(retentionMs),
              retentionBytes == null ? -1 : retentionBytes);
      StreamConfig config = new StreamConfig(name, partitions, retention);
      ModelOptions options =
          new ModelOptions(
              schemaless ? Boolean.TRUE : null,
              schemaFile == null ? null : SchemaTexts.read(schemaFile, Commands.stdin(spec)),
              schemaFile,
              compatibility,
              eventTimeField);
      Catalog.Created created;
      try (Catalog catalog = Commands.catalog(spec, server, true)) {
        created = catalog.create(config, options);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "created stream '%s' with %d partition%s, retention %s%s%n",
              name, partitions, partitions == 1 ? "" : "s", retention, describe(created));
      return 0;
    }

    private static String describe(Catalog.Created created) {
      StreamModel model = created.model();
      if (model == null) {
        return "";
      }
      if (model.schemaless()) {
        return "; schemaless";
      }
      StringBuilder text =
          new StringBuilder("; Avro, ").append(model.compatibility()).append(" compatible");
      if (model.eventTimeField() != null) {
        text.append(", event time from '").append(model.eventTimeField()).append('\'');
      }
      SchemaInfo schema = created.schema();
      text.append(
          schema == null
              ? ", no schema yet"
              : ", schema version " + schema.version() + " (id " + schema.id() + ")");
      return text.toString();
    }
  }

  @Command(
      name = "list",
      description = {
        "List the streams, sorted by name.",
        "KIND is internal (Kappa's own _kappa.* streams), deadletter (<stream>.deadletter), avro,"
            + " schemaless, or plain (no model: values stored as sent)."
      })
  static final class ListStreams implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<StreamInfo> streams;
      Map<String, StreamKind> kinds = new HashMap<>();
      try (Log log = Commands.root(spec).openExistingLog()) {
        streams = log.listStreams();
        // Opened only if there is one, so listing a log without schemas writes nothing.
        SchemaRegistry registry =
            log.hasStream(SchemaRegistry.STREAM) ? SchemaRegistry.open(log) : null;
        for (StreamInfo s : streams) {
          Optional<StreamModel> model =
              registry == null ? Optional.empty() : registry.model(s.name());
          kinds.put(s.name(), StreamKind.of(s.name(), model));
        }
      }
      int width = streams.stream().mapToInt(s -> s.name().length()).max().orElse(6);
      String row = "%-" + Math.max(6, width) + "s  %-10s  %10s  %12s  %14s  %s%n";
      PrintWriter out = spec.commandLine().getOut();
      out.printf(row, "STREAM", "KIND", "PARTITIONS", "RECORDS", "BYTES", "RETENTION");
      for (StreamInfo s : streams) {
        out.printf(
            row,
            s.name(),
            kinds.get(s.name()),
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
