package dev.kappa.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Header;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kappa read --server} prints exactly what {@code kappa read} prints from the data
 * directory, for every kind of value, key and header, every start and limit, and both formats.
 */
class ReadThroughServerTest {

  private static final long BASE = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();

  /** Values the way a server would never write them: spacing, odd numbers, non-JSON, bad UTF-8. */
  private static final List<byte[]> PLAIN_VALUES =
      List.of(
          utf8("{\"a\": 1,  \"b\" : [1.50, 1e3]}"),
          utf8("hello world"),
          new byte[] {'x', (byte) 0xC3, (byte) 0x28, 'y'},
          new byte[0],
          utf8("  42 "),
          utf8("\"quoted\""),
          utf8("grüße ✓"),
          utf8("{\"a\":1}"));

  private static final String ORDER_V1 =
      """
      {"type":"record","name":"Order","fields":[
        {"name":"id","type":"string"},
        {"name":"price","type":"double"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"note","type":["null","string"],"default":null}]}
      """;

  private static final String ORDER_V2 =
      """
      {"type":"record","name":"Order","fields":[
        {"name":"id","type":"string"},
        {"name":"price","type":"double"},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"note","type":["null","string"],"default":null},
        {"name":"qty","type":"int","default":1}]}
      """;

  @TempDir Path dir;
  private Path data;
  private Cli cli;

  /**
   * Stream {@code s}: partition 0 holds {@link #PLAIN_VALUES} a minute apart with every kind of key
   * and header, partition 1 holds "p1-0".."p1-2". Stream {@code orders} is Avro: two events under
   * version 1, one under version 2.
   */
  @BeforeEach
  void setUp() {
    data = dir.resolve("data");
    cli = new Cli(data);
    try (Log log = EmbeddedLog.open(data)) {
      log.createStream(StreamConfig.of("s", 2));
      List<NewRecord> records = new ArrayList<>();
      for (int i = 0; i < PLAIN_VALUES.size(); i++) {
        byte[] key =
            switch (i % 3) {
              case 0 -> null;
              case 1 -> utf8("key-" + i);
              default -> new byte[] {(byte) 0xFF, (byte) i};
            };
        List<Header> headers =
            List.of(
                new Header("n", utf8(Integer.toString(i))),
                new Header("empty", null),
                new Header("raw", new byte[] {(byte) 0xFE, 'z'}));
        records.add(new NewRecord(key, PLAIN_VALUES.get(i), headers, time(i)));
      }
      log.append("s", 0, records).join();
      log.append(
              "s",
              1,
              List.of(NewRecord.ofUtf8("p1-0"), NewRecord.ofUtf8("p1-1"), NewRecord.ofUtf8("p1-2")))
          .join();
    }
    ok(cli.run("stream", "create", "orders", "--schema", Schemas.file(dir, "v1.avsc", ORDER_V1)));
    ok(
        cli.runWithStdin(
            "{\"id\":\"o-1\",\"price\":1e10,\"ts\":"
                + BASE
                + ",\"note\":\"naïve \\\"q\\\"\"}\n"
                + "{\"id\":\"o-2\",\"price\":0.1,\"ts\":"
                + (BASE + 1)
                + ",\"note\":null}\n",
            "ingest",
            "orders",
            "-"));
    ok(cli.run("schema", "register", "orders", Schemas.file(dir, "v2.avsc", ORDER_V2)));
    ok(
        cli.runWithStdin(
            "{\"id\":\"o-3\",\"price\":12.30,\"ts\":" + (BASE + 2) + ",\"qty\":5}\n",
            "ingest",
            "orders",
            "-"));
  }

  private static long time(int i) {
    return BASE + i * 60_000L;
  }

  @Test
  void serverRead_printsExactlyWhatTheDataDirectoryReadPrints_inBothFormats() {
    Map<List<String>, Cli.Result> offline = new LinkedHashMap<>();
    for (List<String> args : readCommands()) {
      offline.put(args, cli.run(args.toArray(String[]::new)));
    }

    try (KappaServer server = startServer()) {
      for (Map.Entry<List<String>, Cli.Result> expected : offline.entrySet()) {
        List<String> args = new ArrayList<>(expected.getKey());
        args.addAll(List.of("--server", server.uri().toString()));

        Cli.Result online = cli.run(args.toArray(String[]::new));

        assertThat(online).as(String.join(" ", args)).isEqualTo(expected.getValue());
      }
    }
    // The comparison means something only if the offline reads printed what was written.
    assertThat(offline.get(List.of("read", "s", "--partition", "0")).out())
        .isEqualTo(
            PLAIN_VALUES.stream().map(v -> new String(v, UTF_8) + "\n").reduce("", String::concat));
    assertThat(offline.get(List.of("read", "orders")).lines()).hasSize(3);
  }

  @Test
  void serverRead_overManyPages_printsEveryRecordOnce() {
    int total = 2_500; // pages of 1000 records (ServerReader.PAGE): two full, one short
    try (Log log = EmbeddedLog.open(data)) {
      log.createStream(StreamConfig.of("big", 1));
      List<NewRecord> records = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        records.add(NewRecord.ofUtf8("v" + i));
      }
      log.append("big", 0, records).join();
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      expected.add("v" + i);
    }

    try (KappaServer server = startServer()) {
      String url = server.uri().toString();
      Cli.Result all = cli.run("read", "big", "--server", url);
      Cli.Result window =
          cli.run("read", "big", "--from-offset", "10", "--max", "1500", "--server", url);

      assertThat(all.lines()).isEqualTo(expected);
      assertThat(window.lines()).isEqualTo(expected.subList(10, 1510));
    }
  }

  /** Every combination of stream, start, limit and format; plus the failures. */
  private static List<List<String>> readCommands() {
    List<List<String>> starts =
        List.of(
            List.of(),
            List.of("--partition", "0"),
            List.of("--partition", "1", "--from-offset", "1"),
            List.of("--from-offset", "2"),
            List.of("--from-offset", "99"),
            List.of("--from-time", Instant.ofEpochMilli(time(3) - 1).toString()),
            List.of("--partition", "0", "--from-time", Long.toString(time(5))),
            List.of("--max", "4"),
            List.of("--from-offset", "1", "--max", "9"),
            List.of("--max", "0"));
    List<List<String>> commands = new ArrayList<>();
    for (String stream : List.of("s", "orders")) {
      for (List<String> start : starts) {
        for (String format : List.of("value", "json")) {
          commands.add(
              Stream.of(List.of("read", stream), start, List.of("--format", format))
                  .flatMap(List::stream)
                  .toList());
        }
      }
    }
    commands.add(List.of("read", "s", "--partition", "0"));
    commands.add(List.of("read", "orders"));
    commands.add(List.of("read", "nope"));
    commands.add(List.of("read", "s", "--partition", "7"));
    commands.add(List.of("read", "s", "--partition", "1", "--from-offset", "9"));
    commands.add(List.of("read", "bad/name"));
    return commands;
  }

  private KappaServer startServer() {
    return KappaServer.start(ServerConfig.builder().dataDir(data).port(0).build());
  }

  private static void ok(Cli.Result result) {
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
