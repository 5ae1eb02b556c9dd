package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.engine.ViewStateClosedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStateStoreTest {

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] number(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }

  private static long number(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  private static List<Thread> startReaders(int count, Runnable read) {
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      readers.add(Thread.ofPlatform().start(read));
    }
    return readers;
  }

  private static void write(RocksStateStore store, String key, String value) {
    StateBatch batch = new StateBatch();
    batch.put(bytes(key), bytes(value));
    store.write(batch);
  }

  @Test
  void snapshot_takenBeforeACommit_keepsReadingItsState_whileALaterOneSeesTheCommit() {
    try (RocksStateStore store = RocksStateStore.open(dir)) {
      write(store, "a", "1");
      try (StateStore.Snapshot before = store.snapshot()) {
        write(store, "a", "2");
        write(store, "b", "2");
        try (StateStore.Snapshot after = store.snapshot()) {
          assertThat(before.get(bytes("a"))).isEqualTo(bytes("1"));
          assertThat(before.get(bytes("b"))).isNull();
          assertThat(after.get(bytes("a"))).isEqualTo(bytes("2"));
          assertThat(after.get(bytes("b"))).isEqualTo(bytes("2"));
          assertThat(after.version()).isGreaterThan(before.version());
        }
        // The later snapshot replaced the shared one; the earlier reads on, unchanged.
        List<String> keys = new ArrayList<>();
        before.scan(bytes("a"), null, (k, v) -> keys.add(new String(k, StandardCharsets.UTF_8)));
        assertThat(keys).containsExactly("a");
      }
    }
  }

  @Test
  void snapshots_withNoCommitBetween_readOneVersion_andANewOneAfterACommit() {
    try (RocksStateStore store = RocksStateStore.open(dir)) {
      write(store, "a", "1");
      long first;
      try (StateStore.Snapshot one = store.snapshot();
          StateStore.Snapshot two = store.snapshot()) {
        first = one.version();
        assertThat(two.version()).isEqualTo(first);
      }
      try (StateStore.Snapshot again = store.snapshot()) {
        assertThat(again.version()).isEqualTo(first);
      }
      write(store, "a", "2");
      try (StateStore.Snapshot later = store.snapshot()) {
        assertThat(later.version()).isGreaterThan(first);
        assertThat(later.get(bytes("a"))).isEqualTo(bytes("2"));
      }
    }
  }

  @Test
  void close_waitsForAnOpenSnapshot_thenRefusesEveryCall() throws Exception {
    RocksStateStore store = RocksStateStore.open(dir);
    write(store, "a", "1");
    StateStore.Snapshot open = store.snapshot();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(store::close);
    Thread.sleep(200);
    assertThat(closing).isNotDone();
    assertThat(open.get(bytes("a"))).isEqualTo(bytes("1"));
    open.close();
    closing.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(store::snapshot).isInstanceOf(ViewStateClosedException.class);
    assertThatThrownBy(() -> store.get(bytes("a"))).isInstanceOf(ViewStateClosedException.class);
    store.close(); // idempotent
  }

  @Test
  void close_racingReaders_endsEveryReadOrRefusesIt_andWaitsForTheOnesUnderWay() throws Exception {
    RocksStateStore store = RocksStateStore.open(dir);
    write(store, "a", "1");
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    List<Thread> readers =
        startReaders(
            4,
            () -> {
              try {
                while (true) {
                  try (StateStore.Snapshot s = store.snapshot()) {
                    if (!Arrays.equals(s.get(bytes("a")), bytes("1"))) {
                      unexpected.add(new AssertionError("read a wrong value"));
                    }
                  }
                }
              } catch (ViewStateClosedException refused) {
                // the store closed: the only way this loop may end
              } catch (Throwable e) {
                unexpected.add(e);
              }
            });
    Thread.sleep(100);
    store.close();
    for (Thread reader : readers) {
      reader.join(10_000);
      assertThat(reader.isAlive()).isFalse();
    }
    assertThat(unexpected).isEmpty();
  }

  /**
   * Each commit sets keys x and y to the same counter; readers racing the writer must never see
   * them differ within one snapshot, and must see the counter never go back.
   */
  @Test
  void snapshots_racingCommits_eachReadOneCommit() throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    try (RocksStateStore store = RocksStateStore.open(dir)) {
      AtomicBoolean done = new AtomicBoolean();
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      List<Thread> readers =
          startReaders(
              3,
              () -> {
                long last = -1;
                while (!done.get()) {
                  try (StateStore.Snapshot s = store.snapshot()) {
                    byte[] x = s.get(bytes("x"));
                    byte[] y = s.get(bytes("y"));
                    long seen = x == null ? -1 : number(x);
                    if (y == null ? x != null : number(y) != seen) {
                      problems.add("x and y differ in snapshot " + s.version());
                    }
                    if (seen < last) {
                      problems.add("counter went back from " + last + " to " + seen);
                    }
                    last = seen;
                  }
                }
              });
      for (long n = 0; n < 3_000; n++) {
        StateBatch batch = new StateBatch();
        batch.put(bytes("x"), number(n));
        for (int filler = random.nextInt(3); filler > 0; filler--) {
          batch.put(bytes("f" + random.nextInt(100)), number(n));
        }
        batch.put(bytes("y"), number(n));
        store.write(batch);
      }
      done.set(true);
      for (Thread reader : readers) {
        reader.join();
      }
      assertThat(problems).as("seed %d", seed).isEmpty();
      try (StateStore.Snapshot s = store.snapshot()) {
        assertThat(number(s.get(bytes("x")))).isEqualTo(2_999);
      }
    }
  }
}
