package dev.kappa.cli.internal;

import dev.kappa.log.SegmentBatch;
import dev.kappa.log.SegmentInspector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa dump-segment}: lists the batches of one segment file, checking each CRC, without
 * opening the log. Fails (exit 1) when a CRC is bad or the walk stops before the end of the file.
 */
@Command(
    name = "dump-segment",
    description = "Print every batch of a segment file and check its CRC; exit 1 on damage.")
final class DumpSegmentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A .log segment file.")
  Path file;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new CommandFailedException("no such segment file: " + file);
    }
    PrintWriter out = spec.commandLine().getOut();
    long[] counts = new long[3]; // batches, records, bad CRCs
    SegmentInspector.Result result =
        SegmentInspector.inspect(
            file,
            b -> {
              counts[0]++;
              counts[1] += b.recordCount();
              if (!b.crcValid()) {
                counts[2]++;
              }
              out.println(describe(b));
            });
    out.printf(
        "%s: %d batches, %d records, walked %d of %d bytes, %d bad CRC%s, %s%n",
        file,
        counts[0],
        counts[1],
        result.stoppedAt(),
        result.fileSize(),
        counts[2],
        counts[2] == 1 ? "" : "s",
        result.complete() ? "reached the end" : "stopped early: " + result.problem());
    out.flush();
    if (counts[2] > 0 || !result.complete()) {
      throw new CommandFailedException(
          "segment "
              + file
              + " is damaged: "
              + counts[2]
              + " batch(es) with a bad CRC"
              + (result.complete()
                  ? ""
                  : ", unreadable from byte "
                      + result.stoppedAt()
                      + " ("
                      + result.problem()
                      + ")"));
    }
    return 0;
  }

  static String describe(SegmentBatch b) {
    return String.format(
        "batch position=%d baseOffset=%d lastOffset=%d records=%d length=%d"
            + " baseTimestamp=%d maxTimestamp=%d appendTime=%d crc=%s",
        b.position(),
        b.baseOffset(),
        b.lastOffset(),
        b.recordCount(),
        b.length(),
        b.baseTimestamp(),
        b.maxTimestamp(),
        b.appendTime(),
        b.crcValid()
            ? "ok"
            : String.format("BAD (stored %08x, computed %08x)", b.storedCrc(), b.computedCrc()));
  }
}
