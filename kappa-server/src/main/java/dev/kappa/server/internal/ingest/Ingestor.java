package dev.kappa.server.internal.ingest;

import dev.kappa.log.AppendResult;
import dev.kappa.log.KeyPartitioner;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.UnknownStreamException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.ingest.EventPreparer.Invalid;
import dev.kappa.server.internal.ingest.EventPreparer.Prepared;
import dev.kappa.server.internal.ingest.EventPreparer.Valid;
import dev.kappa.server.internal.ingest.IdempotencyWindow.Claim;
import dev.kappa.server.internal.ingest.IdempotencyWindow.Location;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;
import dev.kappa.server.internal.ingest.IngestOutcome.Placement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Validates events against their stream's canonical model, takes their event time, drops repeats
 * within the idempotency window, routes invalid events to dead letters when asked, and appends the
 * rest. {@link #ingest} returns only once everything it reports is durable.
 *
 * <p><b>Concurrency:</b> a request first claims its events' ids in the stream's {@link
 * IdempotencyWindow} (a brief lock, no I/O), then appends outside any lock and waits for the fsync,
 * so concurrent requests to one stream append side by side and share group commits. A retry that
 * arrives while the original is still being appended or made durable finds its pending claim, waits
 * for it and reports the same offsets; if the original fails, so does the waiting retry, and the
 * claim is released for the next one.
 *
 * <p>Thread-safe.
 */
public final class Ingestor {

  /** What a stream's name takes to name its dead-letter stream, {@code <stream>.deadletter}. */
  public static final String DEAD_LETTER_SUFFIX = DeadLetters.SUFFIX;

  private final Log log;
  private final SchemaRegistry registry;
  private final Clock clock;
  private final IngestSettings settings;
  private final DeadLetters deadLetters;
  private final Map<String, IdempotencyWindow> windows = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
  private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

  public Ingestor(Log log, SchemaRegistry registry, Clock clock, IngestSettings settings) {
    this.log = log;
    this.registry = registry;
    this.clock = clock;
    this.settings = settings;
    this.deadLetters = new DeadLetters(log, registry);
  }

  /**
   * @throws dev.kappa.log.UnknownStreamException if the stream does not exist
   * @throws TooManyEventsException if the request holds more than {@code maxEventsPerRequest}
   * @throws dev.kappa.log.LogException on storage failure; nothing is reported as appended
   */
  public IngestOutcome ingest(IngestRequest request) {
    String stream = request.stream();
    StreamConfig.validateName(stream);
    if (request.events().size() > settings.maxEventsPerRequest()) {
      throw new TooManyEventsException(settings.maxEventsPerRequest());
    }
    if (!log.hasStream(stream)) {
      throw new UnknownStreamException(stream);
    }
    StreamModel model = registry.model(stream).orElse(StreamModel.schemaless(stream));
    SchemaVersion schema = model.schemaless() ? null : registry.latest(stream).orElse(null);
    EventPreparer preparer =
        new EventPreparer(model, schema, registry.codec(), settings.maxRecordBytes());
    List<IncomingEvent> events = request.events();
    String digest = request.idempotencyKey() == null ? null : EventId.digest(events);
    List<EventId> ids = new ArrayList<>(events.size());
    Prepared[] prepared = new Prepared[events.size()];
    List<EventError> errors = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ids.add(EventId.of(request, i, digest));
      prepared[i] = preparer.prepare(i, events.get(i), ids.get(i));
      if (prepared[i] instanceof Invalid(EventError error)) {
        errors.add(error);
      }
    }
    if (!errors.isEmpty() && !request.deadLetterInvalid()) {
      return new IngestOutcome.Rejected(errors);
    }
    if (!errors.isEmpty()) {
      deadLetters.ensure(stream);
    }
    return append(request, ids, prepared);
  }

  /**
   * Claims the ids, appends what no one else holds, and waits for every location.
   *
   * @throws IdempotencyKeyReusedException before anything is appended
   */
  private IngestOutcome append(IngestRequest request, List<EventId> ids, Prepared[] prepared) {
    String stream = request.stream();
    IdempotencyWindow window = window(stream);
    // A stream's partition count never changes, so it is looked up once, not per request.
    int partitions =
        partitionCounts.computeIfAbsent(stream, s -> log.describeStream(s).config().partitions());
    List<Claim> claims = window.claim(ids);
    try {
      Batches batches = new Batches(partitions);
      int unkeyed = nextPartition(stream, partitions);
      for (int i = 0; i < prepared.length; i++) {
        Claim claim = claims.get(i);
        if (claim.duplicate()) {
          continue;
        }
        switch (prepared[i]) {
          case Valid(NewRecord record) ->
              batches.add(
                  record.key() == null
                      ? unkeyed
                      : KeyPartitioner.partition(record.key(), partitions),
                  record,
                  claim.location());
          case Invalid(EventError error) ->
              batches.addDeadLetter(
                  DeadLetters.record(
                      stream,
                      request.events().get(i),
                      error,
                      ids.get(i),
                      settings.maxRecordBytes()),
                  claim.location());
        }
      }
      batches.appendTo(log, stream, DeadLetters.streamFor(stream));
    } catch (RuntimeException | Error e) {
      // Nothing of this request may stay claimed by an append that never happened.
      for (int i = 0; i < claims.size(); i++) {
        if (!claims.get(i).duplicate()) {
          claims.get(i).location().completeExceptionally(e);
        }
      }
      releaseFailed(window, ids, claims);
      throw e;
    }
    return collect(window, ids, claims);
  }

  /**
   * Waits for every location. If some appends failed, the request fails, and only the failed
   * events' claims are released: a retry then finds the ones that did land and appends the rest.
   */
  private static IngestOutcome collect(
      IdempotencyWindow window, List<EventId> ids, List<Claim> claims) {
    List<Placement> placements = new ArrayList<>(claims.size());
    RuntimeException failure = null;
    for (int i = 0; i < claims.size(); i++) {
      try {
        Location at = claims.get(i).location().join();
        placements.add(
            new Placement(i, at.stream(), at.partition(), at.offset(), claims.get(i).duplicate()));
      } catch (CompletionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
        }
      }
    }
    if (failure != null) {
      releaseFailed(window, ids, claims);
      throw failure;
    }
    return new IngestOutcome.Accepted(placements);
  }

  /** Releases this request's own claims whose appends failed; duplicates belong to others. */
  private static void releaseFailed(
      IdempotencyWindow window, List<EventId> ids, List<Claim> claims) {
    for (int i = 0; i < claims.size(); i++) {
      Claim claim = claims.get(i);
      if (ids.get(i) != null && !claim.duplicate() && claim.location().isCompletedExceptionally()) {
        window.release(ids.get(i), claim.location());
      }
    }
  }

  private int nextPartition(String stream, int partitions) {
    return Math.floorMod(
        roundRobin.computeIfAbsent(stream, s -> new AtomicInteger()).getAndIncrement(), partitions);
  }

  private IdempotencyWindow window(String stream) {
    return windows.computeIfAbsent(
        stream,
        s -> {
          IdempotencyWindow w =
              new IdempotencyWindow(
                  settings.idempotencyWindow(), settings.idempotencyMaxEntries(), clock);
          w.load(log, List.of(s, DeadLetters.streamFor(s)));
          return w;
        });
  }

  /** Records grouped per partition (and dead letters), each with the claim it completes. */
  private static final class Batches {
    private final List<List<NewRecord>> records = new ArrayList<>();
    private final List<List<CompletableFuture<Location>>> waiting = new ArrayList<>();
    private final List<NewRecord> dead = new ArrayList<>();
    private final List<CompletableFuture<Location>> deadWaiting = new ArrayList<>();

    Batches(int partitions) {
      for (int p = 0; p < partitions; p++) {
        records.add(new ArrayList<>());
        waiting.add(new ArrayList<>());
      }
    }

    void add(int partition, NewRecord record, CompletableFuture<Location> location) {
      records.get(partition).add(record);
      waiting.get(partition).add(location);
    }

    void addDeadLetter(NewRecord record, CompletableFuture<Location> location) {
      dead.add(record);
      deadWaiting.add(location);
    }

    /** Hands every batch to the log; a batch the log refuses fails only its own events. */
    void appendTo(Log log, String stream, String deadLetterStream) {
      for (int p = 0; p < records.size(); p++) {
        if (!records.get(p).isEmpty()) {
          wire(append(log, stream, p, records.get(p)), waiting.get(p));
        }
      }
      if (!dead.isEmpty()) {
        wire(append(log, deadLetterStream, 0, dead), deadWaiting);
      }
    }

    private static CompletableFuture<AppendResult> append(
        Log log, String stream, int partition, List<NewRecord> batch) {
      try {
        return log.append(stream, partition, batch);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private static void wire(
        CompletableFuture<AppendResult> append, List<CompletableFuture<Location>> targets) {
      append.whenComplete(
          (result, failure) -> {
            for (int k = 0; k < targets.size(); k++) {
              if (failure != null) {
                targets.get(k).completeExceptionally(failure);
              } else {
                targets
                    .get(k)
                    .complete(
                        new Location(result.stream(), result.partition(), result.baseOffset() + k));
              }
            }
          });
    }
  }
}
