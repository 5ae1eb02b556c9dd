package dev.kappa.server.internal.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The dead-letter stream {@code <stream>.deadletter}: schemaless, one partition, created on first
 * use. Each record's value is a JSON object naming the source stream, the event's index in its
 * request, the error ({@code code}, {@code path}, {@code reason}), the content type, the
 * CloudEvents attributes and the original payload ({@code payload} as text if it is UTF-8, else
 * {@code payloadBase64}).
 *
 * <p>Thread-safe.
 */
final class DeadLetters {

  static final String SUFFIX = ".deadletter";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Log log;
  private final SchemaRegistry registry;

  DeadLetters(Log log, SchemaRegistry registry) {
    this.log = log;
    this.registry = registry;
  }

  static String streamFor(String stream) {
    return stream + SUFFIX;
  }

  /** Creates the dead-letter stream of {@code stream} if it does not exist yet. */
  synchronized String ensure(String stream) {
    String name = streamFor(stream);
    if (!log.hasStream(name)) {
      try {
        log.createStream(StreamConfig.of(name, 1));
      } catch (StreamExistsException e) {
        // created concurrently through the log directly; fine
      }
      registry.define(StreamModel.schemaless(name));
    }
    return name;
  }

  static NewRecord record(String stream, IncomingEvent event, EventError error, String key) {
    ObjectNode node = JSON.createObjectNode();
    node.put("stream", stream).put("index", error.index()).put("code", error.code());
    node.put("path", error.path()).put("reason", error.message());
    node.put("contentType", event.contentType());
    ObjectNode ce = node.putObject("cloudEvent");
    for (Map.Entry<String, String> attribute : event.cloudEvent().entrySet()) {
      ce.put(attribute.getKey(), attribute.getValue());
    }
    byte[] raw = event.raw() == null ? new byte[0] : event.raw();
    try {
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
      node.put("payload", text);
    } catch (CharacterCodingException e) {
      node.put("payloadBase64", Base64.getEncoder().encodeToString(raw));
    }
    try {
      return new NewRecord(
          null,
          JSON.writeValueAsBytes(node),
          EventPreparer.headers(event.cloudEvent(), key),
          NewRecord.NO_TIMESTAMP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
