package dev.kappa.server.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kappa.engine.PartitionProgress;
import dev.kappa.engine.ResultPage;
import dev.kappa.engine.ViewProgress;
import dev.kappa.engine.WindowResult;
import dev.kappa.server.internal.views.ServedView;
import java.io.IOException;

/**
 * The JSON of answers to {@code GET /views/{view}/state}, written straight to bytes with a
 * streaming generator: a point lookup's answer is built thousands of times a second, and a tree of
 * nodes first would cost more than the lookup itself.
 *
 * <p>A JSON answer is {@code view}, {@code version}, {@code build}, {@code keyType}, {@code
 * windowed}, for a lookup {@code key}, then {@code results}, {@code progress}, {@code position} and
 * {@code next}. A result is its {@code key}, for windowed views its {@code window} ({@code start},
 * {@code end}) and whether it has {@code closed}, then its {@code value} ({@link ResultJson}).
 * Progress is the {@code watermark} ({@code null} while no partition has one), the events {@code
 * processed}, and per source partition its {@code stream}, {@code partition} and {@code
 * nextOffset}.
 *
 * <p>Thread-safe.
 */
final class StateJson {

  private final JsonCodec json;
  private final ResultJson values;

  /** The last progress's position token: a view's progress object changes only with a commit. */
  private volatile TokenOf lastToken;

  private record TokenOf(ViewProgress progress, String token) {}

  StateJson(JsonCodec json) {
    this.json = json;
    this.values = new ResultJson(json);
  }

  /** The JSON answer of {@code query} whose results are {@code page}: one page, one commit. */
  byte[] answer(ServedView view, StateQuery query, ResultPage<?, ?> page) {
    boolean windowed = ViewJson.windowed(view.view());
    return json.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("view", view.view().name());
          g.writeNumberField("version", view.view().version());
          g.writeNumberField("build", view.build());
          g.writeStringField("keyType", view.keyType().label());
          g.writeBooleanField("windowed", windowed);
          if (query.shape() instanceof StateQuery.Lookup lookup) {
            g.writeStringField("key", lookup.keyText());
          }
          g.writeArrayFieldStart("results");
          for (WindowResult<?, ?> result : page.results()) {
            result(g, result, windowed);
          }
          g.writeEndArray();
          end(g, view, page);
          g.writeEndObject();
        });
  }

  /** One NDJSON line's JSON: a result. */
  byte[] line(WindowResult<?, ?> result, boolean windowed) {
    return json.write(g -> result(g, result, windowed));
  }

  /** The last NDJSON line's JSON: where the last page left off. */
  byte[] lastLine(ServedView view, ResultPage<?, ?> page, boolean oneCommit) {
    return json.write(
        g -> {
          g.writeStartObject();
          end(g, view, page);
          g.writeBooleanField("oneCommit", oneCommit);
          g.writeEndObject();
        });
  }

  /** {@code progress}, {@code position} and {@code next} of {@code page}. */
  private void end(JsonGenerator g, ServedView view, ResultPage<?, ?> page) throws IOException {
    g.writeFieldName("progress");
    progress(g, page.progress());
    g.writeStringField("position", token(page.progress()));
    g.writeStringField("next", BuildCursor.wrap(view.build(), page.next()));
  }

  private String token(ViewProgress progress) {
    TokenOf last = lastToken;
    if (last != null && last.progress() == progress) {
      return last.token();
    }
    String token = PositionToken.of(progress).format();
    lastToken = new TokenOf(progress, token);
    return token;
  }

  private void result(JsonGenerator g, WindowResult<?, ?> result, boolean windowed)
      throws IOException {
    g.writeStartObject();
    g.writeFieldName("key");
    values.write(g, result.key());
    if (windowed) {
      g.writeObjectFieldStart("window");
      g.writeNumberField("start", result.window().start());
      g.writeNumberField("end", result.window().end());
      g.writeEndObject();
      g.writeBooleanField("closed", result.closed());
    }
    g.writeFieldName("value");
    values.write(g, result.value());
    g.writeEndObject();
  }

  private static void progress(JsonGenerator g, ViewProgress progress) throws IOException {
    g.writeStartObject();
    if (progress.watermark() == Long.MIN_VALUE) {
      g.writeNullField("watermark");
    } else {
      g.writeNumberField("watermark", progress.watermark());
    }
    g.writeNumberField("processed", progress.processed());
    g.writeArrayFieldStart("partitions");
    for (PartitionProgress p : progress.partitions()) {
      g.writeStartObject();
      g.writeStringField("stream", p.stream());
      g.writeNumberField("partition", p.partition());
      g.writeNumberField("nextOffset", p.nextOffset());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
