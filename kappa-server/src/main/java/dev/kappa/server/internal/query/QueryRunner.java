package dev.kappa.server.internal.query;

import dev.kappa.engine.ViewProcessor;
import dev.kappa.engine.WindowResult;
import dev.kappa.log.Log;
import dev.kappa.log.ReadBuffer;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamInfo;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.query.QueryException.Reason;
import dev.kappa.server.internal.query.QueryResult.Position;
import dev.kappa.server.internal.query.QueryResult.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an on-demand query as a bounded replay of one stream through the view engine's own code
 * ({@link ViewProcessor}: the engine's operators, state in memory, on the calling thread).
 *
 * <p><b>What is read.</b> Per partition, from {@code offsetForTime(from)} (the time index: the
 * first record whose event time is at or after {@code from}; every record before it is earlier, so
 * nothing of the range is skipped) up to, not including, {@code offsetForTime(to + readPast)}, both
 * fixed when the query starts (so records appended meanwhile are not read). Of the records read,
 * those with event time in {@code [from, to)} are the range's events. Event times need not grow
 * with offsets: an event of the range that lies after the first record at or after {@code to +
 * readPast} in its partition is not read. With {@code readPast} 0 (the default) an event counts if
 * no earlier record of its partition is at or after {@code to}; a larger {@code readPast} takes in
 * stragglers that far out of order.
 *
 * <p><b>Limits.</b> The number of records to read is known before reading: more than {@code
 * maxEvents} fails at once, without scanning. The timeout and cancellation are checked after every
 * batch read (about 1 MiB); the result count every {@value #RESULT_CHECK_EVERY} records and at the
 * end.
 *
 * <p>Thread-safe: each {@link #run} has its own view and state.
 */
public final class QueryRunner {

  private static final int READ_BYTES = 1 << 20;
  private static final long RESULT_CHECK_EVERY = 1 << 20;

  private final Log log;
  private final SchemaRegistry registry;

  public QueryRunner(Log log, SchemaRegistry registry) {
    this.log = log;
    this.registry = registry;
  }

  /**
   * @throws dev.kappa.log.UnknownStreamException if the stream does not exist
   * @throws QueryException if a limit is passed or the query is cancelled
   */
  public QueryResult run(AdHocQuery query, RunningQuery handle) {
    String stream = query.stream();
    StreamInfo info = log.describeStream(stream);
    int partitions = info.partitions().size();
    OnDemandView onDemand = OnDemandView.of(query, readers(stream));
    ViewProcessor<String, Object> processor =
        ViewProcessor.inMemory(onDemand.view, Map.of(stream, partitions));
    List<Position> positions = positions(query, partitions);
    long total = positions.stream().mapToLong(p -> p.end() - p.start()).sum();
    if (total > query.limits().maxEvents()) {
      throw new QueryException(
          Reason.TOO_MANY_EVENTS,
          "the range holds "
              + total
              + " records to scan, more than "
              + (query.limits().eventsLimitFromRequest()
                  ? "the query's limits.maxEvents"
                  : "the server's queries.maxEvents")
              + " of "
              + query.limits().maxEvents()
              + "; narrow the range");
    }
    long deadline = handle.startNanos() + query.limits().timeout().toNanos();
    Scan scan = new Scan(stream, query.from(), query.to(), processor);
    long nextResultCheck = RESULT_CHECK_EVERY;
    ReadBuffer buffer = new ReadBuffer(); // each batch is scanned before the next read
    for (Position position : positions) {
      long offset = position.start();
      while (offset < position.end()) {
        ReadResult batch = log.read(stream, position.partition(), offset, READ_BYTES, buffer);
        scan.end = position.end();
        batch.forEach(scan);
        offset = batch.nextOffset();
        handle.scanned(scan.scanned);
        check(handle, deadline, query);
        if (scan.scanned >= nextResultCheck) {
          nextResultCheck = scan.scanned + RESULT_CHECK_EVERY;
          results(processor, query.limits().maxResults(), query.groupBy() != null);
        }
      }
    }
    List<Row> rows = results(processor, query.limits().maxResults(), query.groupBy() != null);
    return new QueryResult(
        query,
        handle.id(),
        rows,
        scan.scanned,
        onDemand.matched.sum(),
        onDemand.missingField.sum(),
        onDemand.undecodable.sum(),
        handle.elapsedMs(),
        positions);
  }

  private Function<List<String>, FieldReader> readers(String stream) {
    boolean avro = registry.model(stream).map(m -> m.kind() == StreamModel.Kind.AVRO).orElse(false);
    SchemaVersion latest = avro ? registry.latest(stream).orElse(null) : null;
    if (latest == null) {
      return FastJsonFieldReader::new;
    }
    return paths -> new AvroFieldReader(registry.codec(), latest.schema(), paths);
  }

  private List<Position> positions(AdHocQuery query, int partitions) {
    long until = saturatedAdd(query.to(), query.readPast().toMillis());
    List<Position> positions = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      long start = log.offsetForTime(query.stream(), p, query.from());
      long end = Math.max(start, log.offsetForTime(query.stream(), p, until));
      positions.add(new Position(p, start, end));
    }
    return positions;
  }

  private static void check(RunningQuery handle, long deadline, AdHocQuery query) {
    String cancelled = handle.cancelledBecause();
    if (cancelled != null) {
      throw new QueryException(
          Reason.CANCELLED, "query " + handle.id() + " was cancelled (" + cancelled + ")");
    }
    if (System.nanoTime() - deadline > 0) {
      throw new QueryException(
          Reason.TIMEOUT,
          "query "
              + handle.id()
              + " ran longer than its timeout of "
              + query.limits().timeout()
              + " after scanning "
              + handle.scanned()
              + " records; narrow the range or raise limits.timeout (the server caps it at"
              + " queries.timeout)");
    }
  }

  /** The results sorted by key then window start; fails if there are more than {@code max}. */
  private static List<Row> results(
      ViewProcessor<String, Object> processor, int max, boolean grouped) {
    List<WindowResult<String, Object>> all = processor.state().scan(max + 1);
    if (all.size() > max) {
      throw new QueryException(
          Reason.TOO_MANY_RESULTS,
          "the query has more than "
              + max
              + " results (key and window pairs); group by a coarser field, use larger windows, or"
              + " raise limits.maxResults (the server caps it at queries.maxResults)");
    }
    List<Row> rows = new ArrayList<>(all.size());
    for (WindowResult<String, Object> r : all) {
      String key = grouped ? r.key() : null;
      rows.add(
          new Row(
              key,
              r.window().equals(dev.kappa.engine.Window.GLOBAL) ? null : r.window(),
              r.value()));
    }
    rows.sort(
        Comparator.comparing(Row::key, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparingLong(
                row -> row.window() == null ? Long.MIN_VALUE : row.window().start()));
    return rows;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Feeds the records of one read to the view; one per query, used by its thread only. */
  private static final class Scan implements dev.kappa.log.RecordHandler {
    private final String stream;
    private final long from;
    private final long to;
    private final ViewProcessor<String, Object> processor;
    long end;
    long scanned;

    Scan(String stream, long from, long to, ViewProcessor<String, Object> processor) {
      this.stream = stream;
      this.from = from;
      this.to = to;
      this.processor = processor;
    }

    @Override
    public void onRecord(dev.kappa.log.RecordView record) {
      if (record.offset() >= end) {
        return;
      }
      scanned++;
      long t = record.eventTime();
      if (t >= from && t < to) {
        processor.process(stream, record.toLogRecord());
      }
    }
  }
}
