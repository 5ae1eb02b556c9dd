package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpSegmentCommandTest {

  @TempDir Path dir;
  private Cli cli;
  private Path segment;

  /** One partition holding 100 records in 4 batches of 25: offsets 0-24, 25-49, 50-74, 75-99. */
  @BeforeEach
  void setUp() throws IOException {
    cli = new Cli(dir.resolve("data"));
    cli.run("stream", "create", "s");
    String input = String.join("\n", IntStream.range(0, 100).mapToObj(i -> "record-" + i).toList());
    assertThat(cli.runWithStdin(input, "append", "s", "--batch-size", "25").exitCode()).isZero();
    try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
      List<Path> segments = files.filter(f -> f.toString().endsWith(".log")).toList();
      assertThat(segments).as("segment files").hasSize(1);
      segment = segments.getFirst();
    }
  }

  @Test
  void dumpSegment_onHealthySegment_listsEveryBatchAndSucceeds() {
    Cli.Result dump = cli.run("dump-segment", segment.toString());

    assertThat(dump.exitCode()).isZero();
    List<String> lines = dump.lines();
    assertThat(lines).hasSize(5);
    for (int b = 0; b < 4; b++) {
      assertThat(lines.get(b))
          .startsWith("batch position=")
          .contains(" baseOffset=" + b * 25 + " lastOffset=" + (b * 25 + 24) + " records=25 ")
          .endsWith("crc=ok");
    }
    assertThat(lines.get(4))
        .contains("4 batches, 100 records")
        .contains("0 bad CRCs")
        .endsWith("reached the end");
    long size = segment.toFile().length();
    assertThat(lines.get(4)).contains("walked " + size + " of " + size + " bytes");
  }

  @Test
  void dumpSegment_afterFlippingAByteInABatch_reportsBadCrcAndFails() throws IOException {
    String second = cli.run("dump-segment", segment.toString()).lines().get(1);
    long position = field(second, "position");
    long length = field(second, "length");
    flipByte(segment, position + length - 3); // inside the records, not the frame header

    Cli.Result dump = cli.run("dump-segment", segment.toString());

    assertThat(dump.exitCode()).isEqualTo(1);
    assertThat(dump.lines().get(0)).endsWith("crc=ok");
    assertThat(dump.lines().get(1)).contains("baseOffset=25").contains("crc=BAD");
    assertThat(dump.lines().get(2)).endsWith("crc=ok");
    assertThat(dump.lines().get(4)).contains("1 bad CRC,");
    assertThat(dump.err()).startsWith("kappa: segment ").contains("1 batch(es) with a bad CRC");
  }

  @Test
  void dumpSegment_onTruncatedSegment_reportsWhereTheWalkStoppedAndFails() throws IOException {
    long size = segment.toFile().length();
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(size - 5);
    }

    Cli.Result dump = cli.run("dump-segment", segment.toString());

    assertThat(dump.exitCode()).isEqualTo(1);
    assertThat(dump.lines()).hasSize(4);
    assertThat(dump.lines().get(3)).contains("3 batches, 75 records").contains("stopped early");
    assertThat(dump.err()).contains("unreadable from byte");
  }

  @Test
  void dumpSegment_onMissingFile_fails() {
    Cli.Result dump = cli.run("dump-segment", dir.resolve("nope.log").toString());

    assertThat(dump.exitCode()).isEqualTo(1);
    assertThat(dump.err()).startsWith("kappa: no such segment file: ");
  }

  private static long field(String line, String name) {
    for (String part : line.split(" ")) {
      if (part.startsWith(name + "=")) {
        return Long.parseLong(part.substring(name.length() + 1));
      }
    }
    throw new AssertionError("no " + name + " in " + line);
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0xFF);
    }
  }
}
