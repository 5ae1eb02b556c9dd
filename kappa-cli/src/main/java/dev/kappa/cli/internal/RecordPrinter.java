package dev.kappa.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.kappa.log.Header;
import dev.kappa.log.LogRecord;
import dev.kappa.log.RecordView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints records one per line: the value alone, or a JSON object with partition, offset, eventTime,
 * appendTime, key, value and headers. Values are shown as their {@link ValueText} makes them (Avro
 * values as JSON text); keys and header values are decoded as UTF-8. Not thread-safe.
 */
final class RecordPrinter {

  /** How {@code kappa read} prints a record. */
  enum Format {
    value,
    json
  }

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
          .build();

  private final PrintWriter out;
  private final Format format;
  private final ValueText values;

  RecordPrinter(PrintWriter out, Format format) {
    this(out, format, ValueText.UTF8);
  }

  RecordPrinter(PrintWriter out, Format format, ValueText values) {
    this.out = out;
    this.format = format;
    this.values = values;
  }

  void print(RecordView r) {
    if (format == Format.value) {
      printValue(r.value());
    } else {
      printJson(
          new Fields(
              r.partition(),
              r.offset(),
              r.eventTime(),
              r.appendTime(),
              r.key(),
              r.value(),
              r.headers()));
    }
  }

  /** Prints a record read through a server, exactly as {@link #print(RecordView)} would. */
  void print(LogRecord r) {
    ByteBuffer value = ByteBuffer.wrap(r.value());
    if (format == Format.value) {
      printValue(value);
    } else {
      ByteBuffer key = r.key() == null ? null : ByteBuffer.wrap(r.key());
      printJson(
          new Fields(
              r.partition(), r.offset(), r.eventTime(), r.appendTime(), key, value, r.headers()));
    }
  }

  /** What a json line shows, from either kind of record. */
  private record Fields(
      int partition,
      long offset,
      long eventTime,
      long appendTime,
      ByteBuffer key,
      ByteBuffer value,
      List<Header> headers) {}

  private void printValue(ByteBuffer value) {
    out.print(values.text(value));
    out.print('\n');
  }

  void flush() {
    out.flush();
  }

  /**
   * Flushes and reports whether the output is gone, as when {@code kappa read | head} closes the
   * pipe; a PrintWriter never throws, so this is the only way to notice.
   */
  boolean outputClosed() {
    return out.checkError();
  }

  private void printJson(Fields r) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("partition", r.partition());
      g.writeNumberField("offset", r.offset());
      g.writeNumberField("eventTime", r.eventTime());
      g.writeNumberField("appendTime", r.appendTime());
      g.writeStringField("key", r.key() == null ? null : utf8(r.key()));
      g.writeStringField("value", values.text(r.value()));
      g.writeArrayFieldStart("headers");
      for (Header h : r.headers()) {
        g.writeStartObject();
        g.writeStringField("key", h.key());
        g.writeStringField(
            "value", h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.print('\n');
  }

  /** Decodes a buffer's remaining bytes without moving its position. */
  static String utf8(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
