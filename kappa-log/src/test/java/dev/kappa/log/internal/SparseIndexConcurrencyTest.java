package dev.kappa.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SparseIndexConcurrencyTest {

  @Test
  void lookups_whileAnotherThreadGrowsTheIndex_neverFailAndSeeAPrefix() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int round = 0; round < 200 && failure.get() == null; round++) {
      SparseIndex index = new SparseIndex();
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 20_000; i++) {
                        int at = index.floor(Long.MAX_VALUE);
                        int size = index.size();
                        assertThat(at).isLessThan(Math.max(size, at + 1));
                        if (at >= 0) {
                          assertThat(index.key(at)).isEqualTo(at);
                        }
                        assertThat(index.ceiling(Long.MAX_VALUE)).isGreaterThanOrEqualTo(0);
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  });
      for (int i = 0; i < 4096; i++) {
        index.add(i, i, i * 10);
      }
      reader.join();
    }
    assertThat(failure.get()).isNull();
  }
}
