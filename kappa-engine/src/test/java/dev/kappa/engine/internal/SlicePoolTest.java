package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link SlicePool}: queued live slices go first, then the others in arrival order, whether in the
 * foreground or the background; a background slice runs at the lowest thread priority and the next
 * slice on the same thread at the normal one again.
 */
class SlicePoolTest {

  @Test
  void submit_slicesQueuedBehindABusyThread_runLiveFirstThenByArrival() throws Exception {
    SlicePool pool = new SlicePool(1, "test-slice-");
    try {
      CountDownLatch busy = new CountDownLatch(1);
      pool.submit(() -> await(busy), SlicePool.Kind.LIVE);
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(6);
      String[][] order = {
        {"background-1", "BACKGROUND"},
        {"catching-up-1", "CATCHING_UP"},
        {"live-1", "LIVE"},
        {"background-2", "BACKGROUND"},
        {"live-2", "LIVE"},
        {"catching-up-2", "CATCHING_UP"}
      };
      for (String[] slice : order) {
        SlicePool.Kind kind = SlicePool.Kind.valueOf(slice[1]);
        pool.submit(
            () -> {
              ran.add(slice[0] + "@" + Thread.currentThread().getPriority());
              done.countDown();
            },
            kind);
      }
      busy.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      int min = Thread.MIN_PRIORITY;
      int norm = Thread.NORM_PRIORITY;
      assertThat(ran)
          .containsExactly(
              "live-1@" + norm,
              "live-2@" + norm,
              "background-1@" + min,
              "catching-up-1@" + norm,
              "background-2@" + min,
              "catching-up-2@" + norm);
      CountDownLatch after = new CountDownLatch(1);
      int[] priority = new int[1];
      pool.submit(
          () -> {
            priority[0] = Thread.currentThread().getPriority();
            after.countDown();
          },
          SlicePool.Kind.CATCHING_UP);
      assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(priority[0]).isEqualTo(norm);
    } finally {
      pool.shutdown();
      pool.awaitTermination(10);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
