package dev.kappa.server.internal.http;

import dev.kappa.log.Log;
import dev.kappa.log.LogRecord;
import dev.kappa.log.OffsetOutOfRangeException;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import dev.kappa.log.StreamInfo;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /streams/{stream}/events}: streams records as NDJSON, one {@link RecordJson} line per
 * record, partition by partition in partition order, each from its start position up to the durable
 * end it had when the request arrived, at most {@code max} records in all.
 *
 * <p>Start positions: {@code fromOffset} (checked against the partition's range when a partition is
 * named, clamped into each partition's range when reading all), {@code fromTime} (the first record
 * at or after that event time, by the time index), else the oldest retained record.
 *
 * <p>Everything that can fail for a client reason fails before the first byte is sent. A storage
 * failure while streaming ends the output with an error object line (the 200 status is already
 * sent); a client that goes away ends the read quietly.
 */
public final class ReadHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ReadHandler.class);
  private static final int READ_BYTES = 1 << 20;
  private static final int FLUSH_BYTES = 64 << 10;

  private final Log log;
  private final SchemaRegistry registry;
  private final JsonCodec json;

  public ReadHandler(Log log, SchemaRegistry registry, JsonCodec json) {
    this.log = log;
    this.registry = registry;
    this.json = json;
  }

  /** Where to read one partition: {@code [from, to)}. */
  private record Range(int partition, long from, long to) {}

  public void get(Context ctx) {
    String stream = StreamNames.forRead(ctx.pathParam("stream"));
    StreamInfo info = log.describeStream(stream);
    ReadQuery query = ReadQuery.parse(ctx, info);
    List<Range> ranges = awaitAny(stream, ranges(stream, info, query), query.waitMs());
    RecordJson lines = new RecordJson(json, registry, readerSchema(stream), query.rawValues());
    ctx.status(200).contentType(MediaTypes.NDJSON);
    // Not closed here: after a storage failure the error object is appended as the last line.
    OutputStream out = new BufferedOutputStream(ctx.outputStream(), FLUSH_BYTES);
    try {
      int remaining = query.max();
      try {
        for (Range range : ranges) {
          remaining = write(stream, range, remaining, lines, out);
        }
      } finally {
        out.flush();
      }
    } catch (IOException e) {
      LOG.debug("the client went away while reading {}", stream, e);
    }
  }

  private List<Range> ranges(String stream, StreamInfo info, ReadQuery query) {
    List<Range> ranges = new ArrayList<>();
    for (PartitionInfo p : info.partitions()) {
      if (query.partition() >= 0 && p.partition() != query.partition()) {
        continue;
      }
      long from;
      if (query.fromOffset() >= 0) {
        from = query.fromOffset();
        if (query.partition() >= 0 && (from < p.startOffset() || from > p.durableEnd())) {
          throw new OffsetOutOfRangeException(
              stream, p.partition(), from, p.startOffset(), p.durableEnd());
        }
        from = Math.clamp(from, p.startOffset(), p.durableEnd());
      } else if (query.fromTime() != ReadQuery.NO_TIME) {
        from = log.offsetForTime(stream, p.partition(), query.fromTime());
      } else {
        from = p.startOffset();
      }
      ranges.add(new Range(p.partition(), from, p.durableEnd()));
    }
    return ranges;
  }

  /**
   * With {@code waitMs}, a read that would return nothing waits until some range's partition has a
   * durable record at the range's start, then reads up to the new durable ends: a long poll, so
   * that clients can tail a stream.
   */
  private List<Range> awaitAny(String stream, List<Range> ranges, long waitMs) {
    if (waitMs == 0 || ranges.stream().anyMatch(r -> r.from() < r.to())) {
      return ranges;
    }
    CompletableFuture<?>[] arrivals =
        ranges.stream()
            .map(r -> log.awaitDurable(stream, r.partition(), r.from()))
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.anyOf(arrivals).get(waitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // nothing arrived: an empty answer
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (CompletableFuture<?> arrival : arrivals) {
        arrival.cancel(false);
      }
    }
    List<Range> grown = new ArrayList<>(ranges.size());
    for (Range r : ranges) {
      grown.add(
          new Range(r.partition(), r.from(), log.partition(stream, r.partition()).durableEnd()));
    }
    return grown;
  }

  private SchemaVersion readerSchema(String stream) {
    boolean avro = registry.model(stream).map(m -> m.kind() == StreamModel.Kind.AVRO).orElse(false);
    return avro ? registry.latest(stream).orElse(null) : null;
  }

  /** Writes one partition's records; returns how many more may be written. */
  private int write(String stream, Range range, int remaining, RecordJson lines, OutputStream out)
      throws IOException {
    long offset = range.from();
    while (offset < range.to() && remaining > 0) {
      ReadResult batch = log.read(stream, range.partition(), offset, READ_BYTES);
      if (batch.isEmpty()) {
        break;
      }
      for (LogRecord record : batch.records()) {
        if (record.offset() < offset || record.offset() >= range.to() || remaining == 0) {
          continue;
        }
        out.write(json.write(lines.toJson(record)));
        out.write('\n');
        remaining--;
      }
      offset = batch.nextOffset();
      out.flush();
    }
    return remaining;
  }
}
