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
import dev.kappa.server.internal.ingest.IdempotencyWindow.Location;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;
import dev.kappa.server.internal.ingest.IngestOutcome.Placement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p><b>Concurrency:</b> requests to one stream take the stream's window lock only to look up ids
 * and hand records to the log (which assigns offsets at once); they wait for the fsync outside it,
 * so concurrent requests share group commits. A retry that arrives while the original is still
 * being made durable waits for it and reports the same offsets.
 *
 * <p>Thread-safe.
 */
public final class Ingestor {

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
    String[] keys = new String[events.size()];
    Prepared[] prepared = new Prepared[events.size()];
    List<EventError> errors = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      keys[i] = idempotencyKey(request, i);
      prepared[i] = preparer.prepare(i, events.get(i), keys[i]);
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
    return append(request, keys, prepared);
  }

  private static String idempotencyKey(IngestRequest request, int index) {
    if (request.idempotencyKey() != null) {
      return "batch:" + request.idempotencyKey() + "#" + index;
    }
    Map<String, String> ce = request.events().get(index).cloudEvent();
    String id = ce.get("id");
    return id == null ? null : "ce:" + ce.getOrDefault("source", "") + "\u0000" + id;
  }

  private IngestOutcome append(IngestRequest request, String[] keys, Prepared[] prepared) {
    String stream = request.stream();
    IdempotencyWindow window = window(stream);
    // A stream's partition count never changes, so it is looked up once, not per request.
    int partitions =
        partitionCounts.computeIfAbsent(stream, s -> log.describeStream(s).config().partitions());
    List<CompletableFuture<Location>> locations = new ArrayList<>(prepared.length);
    boolean[] duplicate = new boolean[prepared.length];
    Map<String, CompletableFuture<Location>> reserved = new HashMap<>();
    synchronized (window) {
      Batches batches = new Batches(partitions);
      int unkeyed = nextPartition(stream, partitions);
      for (int i = 0; i < prepared.length; i++) {
        CompletableFuture<Location> seen = keys[i] == null ? null : window.find(keys[i]);
        if (seen == null && keys[i] != null) {
          seen = reserved.get(keys[i]);
        }
        if (seen != null) {
          locations.add(seen);
          duplicate[i] = true;
          continue;
        }
        CompletableFuture<Location> location =
            switch (prepared[i]) {
              case Valid(NewRecord record) ->
                  batches.add(
                      record.key() == null
                          ? unkeyed
                          : KeyPartitioner.partition(record.key(), partitions),
                      record);
              case Invalid(EventError error) ->
                  batches.addDeadLetter(
                      DeadLetters.record(
                          stream,
                          request.events().get(i),
                          error,
                          keys[i],
                          settings.maxRecordBytes()));
            };
        locations.add(location);
        if (keys[i] != null) {
          reserved.put(keys[i], location);
        }
      }
      batches.appendTo(log, stream, DeadLetters.streamFor(stream));
      reserved.forEach(window::remember);
    }
    return collect(window, keys, locations, duplicate);
  }

  /**
   * Waits for every location. If some appends failed, the request fails, and only the failed
   * events' ids are forgotten: a retry then finds the ones that did land and appends the rest.
   */
  private static IngestOutcome collect(
      IdempotencyWindow window,
      String[] keys,
      List<CompletableFuture<Location>> locations,
      boolean[] duplicate) {
    List<Placement> placements = new ArrayList<>(locations.size());
    RuntimeException failure = null;
    for (int i = 0; i < locations.size(); i++) {
      try {
        Location at = locations.get(i).join();
        placements.add(new Placement(i, at.stream(), at.partition(), at.offset(), duplicate[i]));
      } catch (CompletionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
        }
        if (keys[i] != null && !duplicate[i]) {
          synchronized (window) {
            window.forget(keys[i], locations.get(i));
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return new IngestOutcome.Accepted(placements);
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

  /** Records grouped per partition (and dead letters), each with the future of its location. */
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

    CompletableFuture<Location> add(int partition, NewRecord record) {
      records.get(partition).add(record);
      CompletableFuture<Location> f = new CompletableFuture<>();
      waiting.get(partition).add(f);
      return f;
    }

    CompletableFuture<Location> addDeadLetter(NewRecord record) {
      dead.add(record);
      CompletableFuture<Location> f = new CompletableFuture<>();
      deadWaiting.add(f);
      return f;
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
