package dev.kappa.server.internal.ingest;

import static dev.kappa.server.internal.ingest.IngestorTest.cloudEvent;
import static dev.kappa.server.internal.ingest.IngestorTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.ingest.IngestOutcome.Accepted;
import dev.kappa.server.internal.ingest.IngestOutcome.Placement;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency: a reused key with another body is refused, and claims let concurrent duplicates
 * share one append while unrelated requests append side by side.
 */
class IngestorIdempotencyTest {

  @TempDir Path dir;
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static final List<IncomingEvent> BATCH = List.of(json("{\"a\":1}"), json("{\"a\":2}"));

  private Log open() {
    return EmbeddedLog.open(dir);
  }

  private static Ingestor ingestor(Log log, Clock clock) {
    SchemaRegistry registry = SchemaRegistry.open(log);
    if (!log.hasStream("raw")) {
      log.createStream(StreamConfig.of("raw", 2));
      registry.define(StreamModel.schemaless("raw"));
    }
    return new Ingestor(log, registry, clock, IngestSettings.DEFAULTS);
  }

  private static IngestRequest request(List<IncomingEvent> events, String key) {
    return new IngestRequest("raw", events, key, false);
  }

  private static List<String> offsets(IngestOutcome outcome) {
    return ((Accepted) outcome)
        .placements().stream().map(p -> p.partition() + "@" + p.offset()).toList();
  }

  private static long records(Log log) {
    return log.describeStream("raw").recordCount();
  }

  @Test
  void sameKeySameBody_isARetry_andDifferentBody_isRefused_evenAcrossARestart() {
    List<String> original;
    try (Log log = open()) {
      Ingestor ingestor = ingestor(log, clock);
      original = offsets(ingestor.ingest(request(BATCH, "k-1")));
      assertRetryAndReuse(ingestor, original);
      assertThat(records(log)).isEqualTo(2);
    }
    try (Log log = open()) {
      assertRetryAndReuse(ingestor(log, clock), original);
      assertThat(records(log)).isEqualTo(2);
    }
  }

  private static void assertRetryAndReuse(Ingestor ingestor, List<String> original) {
    Accepted retry = (Accepted) ingestor.ingest(request(BATCH, "k-1"));
    assertThat(retry.placements()).allMatch(Placement::duplicate);
    assertThat(offsets(retry)).isEqualTo(original);

    List<List<IncomingEvent>> others =
        List.of(
            List.of(json("{\"a\":1}"), json("{\"a\":3}")),
            List.of(json("{\"a\":2}"), json("{\"a\":1}")),
            List.of(json("{\"a\":1}")),
            List.of(json("{\"a\":1}"), json("{\"a\":2}"), json("{\"a\":3}")));
    for (List<IncomingEvent> other : others) {
      assertThatThrownBy(() -> ingestor.ingest(request(other, "k-1")))
          .as("%s", other)
          .isInstanceOf(IdempotencyKeyReusedException.class)
          .hasMessageContaining("'k-1'");
    }
  }

  @Test
  void otherCloudEventAttributesUnderTheSameKey_areADifferentBody() {
    try (Log log = open()) {
      Ingestor ingestor = ingestor(log, clock);
      ingestor.ingest(request(List.of(cloudEvent("e1", "{}", null)), "k"));
      assertThatThrownBy(() -> ingestor.ingest(request(List.of(cloudEvent("e2", "{}", null)), "k")))
          .isInstanceOf(IdempotencyKeyReusedException.class);
      assertThat(records(log)).isEqualTo(1);
    }
  }

  /** Submits {@link #BATCH} under {@code key} and returns once its append is held at the gate. */
  private static Future<IngestOutcome> submitHeld(
      GatedLog gated, ExecutorService pool, Ingestor ingestor, String key)
      throws InterruptedException {
    Future<IngestOutcome> submitted = pool.submit(() -> ingestor.ingest(request(BATCH, key)));
    assertThat(gated.held.await(10, TimeUnit.SECONDS)).as("append held").isTrue();
    return submitted;
  }

  @Test
  void concurrentDuplicates_waitForTheFirstAppend_andShareItsOffsets() throws Exception {
    try (Log real = open();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      GatedLog gated = new GatedLog(real, "raw");
      Ingestor ingestor = ingestor(gated.log(), clock);
      gated.holdNext();
      Future<IngestOutcome> first = submitHeld(gated, pool, ingestor, "k");
      List<Future<IngestOutcome>> retries = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        retries.add(pool.submit(() -> ingestor.ingest(request(BATCH, "k"))));
      }
      assertThatThrownBy(() -> retries.getFirst().get(200, TimeUnit.MILLISECONDS))
          .as("a retry waits for the pending append")
          .isInstanceOf(TimeoutException.class);
      gated.open();

      List<String> offsets = offsets(first.get(10, TimeUnit.SECONDS));
      for (Future<IngestOutcome> retry : retries) {
        Accepted accepted = (Accepted) retry.get(10, TimeUnit.SECONDS);
        assertThat(accepted.placements()).allMatch(Placement::duplicate);
        assertThat(offsets(accepted)).isEqualTo(offsets);
      }
      // The batch spans one partition (round robin picks one per request): one append in all.
      assertThat(gated.appends.get()).isEqualTo(1);
      assertThat(records(real)).isEqualTo(2);
    }
  }

  @Test
  void unrelatedRequests_appendWhileAnotherAppendIsInProgress() throws Exception {
    try (Log real = open();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      GatedLog gated = new GatedLog(real, "raw");
      Ingestor ingestor = ingestor(gated.log(), clock);
      gated.holdNext();
      Future<IngestOutcome> held = submitHeld(gated, pool, ingestor, "held");
      try {
        IngestOutcome other =
            pool.submit(() -> ingestor.ingest(request(List.of(cloudEvent("x", "{}", null)), null)))
                .get(10, TimeUnit.SECONDS);
        IngestOutcome keyed =
            pool.submit(() -> ingestor.ingest(request(BATCH, "other-key")))
                .get(10, TimeUnit.SECONDS);
        assertThat(((Accepted) other).placements()).noneMatch(Placement::duplicate);
        assertThat(((Accepted) keyed).placements()).noneMatch(Placement::duplicate);
        assertThat(held.isDone()).isFalse();
      } finally {
        gated.open();
      }
      assertThat(held.get(10, TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
      assertThat(records(real)).isEqualTo(5);
    }
  }

  @Test
  void failedAppend_failsItsWaitingDuplicates_andReleasesTheClaimForTheNextRetry()
      throws Exception {
    try (Log real = open();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      GatedLog gated = new GatedLog(real, "raw");
      Ingestor ingestor = ingestor(gated.log(), clock);
      gated.holdNextAndFail(new LogClosedException());
      Future<IngestOutcome> first = submitHeld(gated, pool, ingestor, "k");
      Future<IngestOutcome> waiting = pool.submit(() -> ingestor.ingest(request(BATCH, "k")));
      // It must be waiting on the held append before that fails: else it finds the claim released
      // and appends by itself.
      assertThatThrownBy(() -> waiting.get(500, TimeUnit.MILLISECONDS))
          .as("the duplicate waits for the pending append")
          .isInstanceOf(TimeoutException.class);
      gated.open();

      for (Future<IngestOutcome> failed : List.of(first, waiting)) {
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(LogClosedException.class);
      }
      assertThat(records(real)).isZero();
      Accepted retry = (Accepted) ingestor.ingest(request(BATCH, "k"));
      assertThat(retry.placements()).noneMatch(Placement::duplicate);
      assertThat(records(real)).isEqualTo(2);
    }
  }
}
