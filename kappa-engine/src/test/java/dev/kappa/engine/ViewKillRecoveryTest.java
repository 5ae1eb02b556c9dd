package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kappa.engine.internal.RocksStateStore;
import dev.kappa.engine.internal.StateReader;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 recovery of views: a {@link ViewHost} in a child JVM appends seeded random records to a
 * real log while a {@link ViewEngine} runs windowed and unwindowed views over it, and is killed
 * with SIGKILL at a random moment, round after round, each round carrying on in the same
 * directories. After every kill, each view's committed state must equal a reference fold over
 * exactly the records before its committed offsets: state and offsets were written in one atomic
 * write, so no crash point can leave one without the other. At the end a last child lets the views
 * catch up, and their state must equal the reference fold over every record in the log: nothing
 * lost, nothing counted twice.
 *
 * <p>System properties: {@code kappa.test.rounds} sets the number of kills (default 10, about 30
 * s); {@code kappa.seed} replays a seed (printed in every failure).
 */
class ViewKillRecoveryTest {

  private static final int SIGKILL_EXIT = 128 + 9;

  @TempDir Path dir;

  @Test
  void sigkillAtRandomMoments_leavesStateOfExactlyTheCommittedRecords_andCatchUpCountsEachOnce()
      throws Exception {
    int rounds = Integer.getInteger("kappa.test.rounds", 10);
    long seed = Long.getLong("kappa.seed", ThreadLocalRandom.current().nextLong());
    Random random = new Random(seed);
    long behindAtKill = 0;
    for (int round = 0; round < rounds; round++) {
      String what = "seed " + seed + ", round " + round;
      Path output = dir.resolve("round-" + round + ".out");
      Process child = start("write", random.nextLong(), output);
      try {
        awaitLine(child, output, "ready", what);
        // Half the kills come early, while views catch up on what the last round left.
        Thread.sleep(random.nextBoolean() ? random.nextInt(100) : 100 + random.nextInt(1_000));
        assertThat(child.isAlive())
            .as("%s: the child died by itself: %s", what, read(output))
            .isTrue();
      } finally {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(child.exitValue()).as("%s: killed by SIGKILL", what).isEqualTo(SIGKILL_EXIT);
      behindAtKill += verify(what, seed, false);
    }
    String what = "seed " + seed + ", catching up";
    Path output = dir.resolve("catch-up.out");
    Process child = start("catch-up", random.nextLong(), output);
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      fail("%s: the child did not catch up in time: %s", what, read(output));
    }
    assertThat(child.exitValue()).as("%s: %s", what, read(output)).isZero();
    assertThat(read(output)).as(what).contains("caught-up");
    verify(what, seed, true);
    System.out.printf(
        "seed %d: %d rounds, %d records, views %d records behind at kills in total%n",
        seed, rounds, logSize(), behindAtKill);
  }

  /**
   * Checks every view's committed state against the reference over the records it committed, and
   * that those records are in the log; with {@code caughtUp}, that they are all of the log. Returns
   * how many records the views had not committed.
   */
  private long verify(String what, long seed, boolean caughtUp) {
    long behind = 0;
    try (Log log = EmbeddedLog.open(ViewHost.logOptions(dir.resolve("log")))) {
      long[] ends = new long[ViewHost.PARTITIONS];
      for (int p = 0; p < ends.length; p++) {
        ends[p] = log.partition(Input.STREAM, p).durableEnd();
      }
      for (ViewHost.Case c : ViewHost.cases()) {
        String view = what + ", view " + c.view().id();
        long[] committed = committedOffsets(c, view, ends, caughtUp);
        for (int p = 0; p < ends.length; p++) {
          behind += ends[p] - committed[p];
        }
        Reference.Outcome expected =
            Reference.compute(
                LogInputs.read(log, committed),
                c.view().window().orElse(null),
                c.view().options().allowedLatenessMs(),
                i -> false);
        try (RocksStateStore store = RocksStateStore.open(stateDirectory(c))) {
          Feed.Observed<?> observed = Feed.observe(reader(c, store));
          Expectations.assertMatches(observed, expected, c.aggregation(), c.retentionMs(), seed);
        } catch (AssertionError e) {
          throw new AssertionError(view + ": " + e.getMessage(), e);
        }
      }
    }
    return behind;
  }

  /** The view's committed offsets, each within the log (all of it with {@code caughtUp}). */
  private long[] committedOffsets(ViewHost.Case c, String what, long[] ends, boolean caughtUp) {
    try (RocksStateStore store = RocksStateStore.open(stateDirectory(c))) {
      List<PartitionProgress> progress = reader(c, store).progress().partitions();
      long[] committed = progress.stream().mapToLong(PartitionProgress::nextOffset).toArray();
      assertThat(committed).as(what).hasSize(ends.length);
      for (int p = 0; p < ends.length; p++) {
        assertThat(committed[p])
            .as("%s: committed offset of partition %d", what, p)
            .isLessThanOrEqualTo(ends[p]);
        if (caughtUp) {
          assertThat(committed[p]).as("%s: caught up on partition %d", what, p).isEqualTo(ends[p]);
        }
      }
      return committed;
    }
  }

  private static StateReader<String, ?> reader(ViewHost.Case c, RocksStateStore store) {
    return new StateReader<>(c.view(), new int[] {ViewHost.PARTITIONS}, store);
  }

  private Path stateDirectory(ViewHost.Case c) {
    return dir.resolve("state").resolve(c.view().name()).resolve("v" + c.view().version());
  }

  private long logSize() {
    try (Log log = EmbeddedLog.open(ViewHost.logOptions(dir.resolve("log")))) {
      long records = 0;
      for (int p = 0; p < ViewHost.PARTITIONS; p++) {
        records += log.partition(Input.STREAM, p).durableEnd();
      }
      return records;
    }
  }

  /**
   * Starts a {@link ViewHost} on the test's directory, with this JVM's {@code java} and class path,
   * its output to {@code output}. RocksDB unpacks its native library into the test's directory, so
   * that killed children leave no copies behind.
   */
  private Process start(String mode, long seed, Path output) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path natives = Files.createDirectories(dir.resolve("native"));
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ViewHost.class.getName(),
                dir.toString(),
                mode,
                Long.toString(seed))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("ROCKSDB_SHAREDLIB_DIR", natives.toString());
    return builder.start();
  }

  private static void awaitLine(Process child, Path output, String line, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!read(output).lines().anyMatch(line::equals)) {
      if (!child.isAlive()) {
        fail("%s: the child exited with %d: %s", what, child.exitValue(), read(output));
      }
      if (System.nanoTime() > deadline) {
        fail("%s: no '%s' in time: %s", what, line, read(output));
      }
      Thread.sleep(5);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
