package dev.kappa.server.internal.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.Header;
import dev.kappa.log.NewRecord;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds the record of one dead letter, bounded so that its {@link NewRecord#sizeUpperBound()}
 * stays within {@code maxRecordBytes}: an event refused for being too large must still fit in the
 * dead-letter stream.
 *
 * <p>The value is a JSON object: {@code stream}, {@code index}, {@code code}, {@code path}, {@code
 * reason}, {@code contentType}, {@code cloudEvent} (the attributes), {@code payloadBytes} (the
 * original payload's length), {@code payloadSha256} (its digest, hex) and the payload itself, as
 * {@code payload} (text) if it is UTF-8, else {@code payloadBase64}. If the whole payload does not
 * fit, the longest prefix that does is kept (cut at a character boundary for text) and {@code
 * "truncated": true} is added. If even an empty payload does not fit (huge CloudEvents attributes),
 * the attributes are left out as well ({@code "cloudEventDropped": true}) and the reason is cut to
 * {@value #SHORT_REASON} characters. Only an absurdly small {@code maxRecordBytes} (below the size
 * of this envelope) leaves a record that does not fit; the log then refuses it.
 *
 * <p>Stateless; thread-safe.
 */
final class DeadLetterRecord {

  static final int SHORT_REASON = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterRecord() {}

  static NewRecord build(
      String stream, IncomingEvent event, EventError error, EventId id, int maxRecordBytes) {
    byte[] raw = event.raw() == null ? new byte[0] : event.raw();
    boolean text = isUtf8(raw);
    String digest = Sha256.hex(raw);
    Shape full = new Shape(stream, event, error, id, raw, digest, text, true);
    NewRecord whole = full.record(raw.length);
    if (whole.sizeUpperBound() <= maxRecordBytes) {
      return whole;
    }
    Shape shape =
        full.record(0).sizeUpperBound() <= maxRecordBytes
            ? full
            : new Shape(stream, event, error, id, raw, digest, text, false);
    // Record size grows with the prefix length, so the longest prefix that fits is a bisection.
    // The whole payload stays a candidate: without the attributes it may fit after all.
    int lo = 0;
    int hi = raw.length;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (shape.record(mid).sizeUpperBound() <= maxRecordBytes) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return shape.record(lo);
  }

  /** One way of writing the dead letter, with a payload prefix of any length. */
  private record Shape(
      String stream,
      IncomingEvent event,
      EventError error,
      EventId id,
      byte[] raw,
      String digest,
      boolean text,
      boolean withCloudEvent) {

    NewRecord record(int prefixLength) {
      ObjectNode node = JSON.createObjectNode();
      node.put("stream", stream).put("index", error.index()).put("code", error.code());
      node.put("path", error.path());
      String reason = error.message();
      if (!withCloudEvent && reason != null && reason.length() > SHORT_REASON) {
        reason = reason.substring(0, SHORT_REASON);
      }
      node.put("reason", reason).put("contentType", event.contentType());
      if (withCloudEvent) {
        ObjectNode ce = node.putObject("cloudEvent");
        for (Map.Entry<String, String> attribute : event.cloudEvent().entrySet()) {
          ce.put(attribute.getKey(), attribute.getValue());
        }
      } else {
        node.put("cloudEventDropped", true);
      }
      node.put("payloadBytes", raw.length).put("payloadSha256", digest);
      int cut = text ? charBoundary(raw, prefixLength) : prefixLength;
      byte[] prefix = cut == raw.length ? raw : Arrays.copyOf(raw, cut);
      if (text) {
        node.put("payload", new String(prefix, StandardCharsets.UTF_8));
      } else {
        node.put("payloadBase64", Base64.getEncoder().encodeToString(prefix));
      }
      if (cut < raw.length) {
        node.put("truncated", true);
      }
      List<Header> headers =
          EventPreparer.headers(withCloudEvent ? event.cloudEvent() : Map.of(), id);
      try {
        return new NewRecord(null, JSON.writeValueAsBytes(node), headers, NewRecord.NO_TIMESTAMP);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The largest length up to {@code n} that does not split a UTF-8 character. */
  private static int charBoundary(byte[] utf8, int n) {
    int end = n;
    while (end > 0 && end < utf8.length && (utf8[end] & 0xC0) == 0x80) {
      end--;
    }
    return end;
  }

  private static boolean isUtf8(byte[] raw) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
