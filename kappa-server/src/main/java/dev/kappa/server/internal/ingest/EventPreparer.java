package dev.kappa.server.internal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.log.Header;
import dev.kappa.log.NewRecord;
import dev.kappa.schema.InvalidEventException;
import dev.kappa.schema.JsonValues;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.schema.ValueCodec;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns one incoming event into the record to append, or the reason it is invalid.
 *
 * <p>Value: for Avro streams the event's JSON converted to the stream's newest schema and encoded
 * with the {@link ValueCodec}; for schemaless streams the bytes as received. Event time: the
 * model's event-time field, else the CloudEvents {@code time}, else the append time. Key: the
 * CloudEvents {@code partitionkey} extension, if any. Headers: every CloudEvents attribute as
 * {@code ce_<name>}.
 *
 * <p>Stateless apart from its inputs; thread-safe.
 */
final class EventPreparer {

  /** A record ready to append, or an error. */
  sealed interface Prepared {}

  record Valid(NewRecord record) implements Prepared {}

  record Invalid(EventError error) implements Prepared {}

  private final StreamModel model;
  private final SchemaVersion schema;
  private final ValueCodec codec;
  private final int maxRecordBytes;

  EventPreparer(StreamModel model, SchemaVersion schema, ValueCodec codec, int maxRecordBytes) {
    this.model = model;
    this.schema = schema;
    this.codec = codec;
    this.maxRecordBytes = maxRecordBytes;
  }

  Prepared prepare(int index, IncomingEvent event, EventId id) {
    if (event.unreadable() != null) {
      return invalid(index, event.unreadable().code(), null, event.unreadable().message());
    }
    long eventTime = NewRecord.NO_TIMESTAMP;
    String ceTime = event.cloudEvent().get("time");
    if (ceTime != null) {
      try {
        eventTime = OffsetDateTime.parse(ceTime).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        return invalid(
            index,
            "invalid_cloudevent",
            null,
            "the CloudEvents time '" + ceTime + "' is not an RFC 3339 timestamp");
      }
    }
    byte[] value;
    if (model.schemaless()) {
      value = event.raw();
    } else {
      if (schema == null) {
        return invalid(
            index,
            "no_schema",
            null,
            "stream '" + model.stream() + "' has no schema yet; register one first");
      }
      JsonNode json = event.json();
      if (json == null) {
        return invalid(
            index,
            "invalid_event",
            "$",
            "$: expected JSON for schema "
                + schema.schema().getFullName()
                + ", found "
                + event.contentType()
                + " data");
      }
      try {
        GenericRecord record = JsonValues.toAvro(json, schema.schema());
        if (model.eventTimeField() != null) {
          OptionalLong fieldTime = JsonValues.eventTime(record, model.eventTimeField());
          if (fieldTime.isPresent()) {
            eventTime = fieldTime.getAsLong();
          }
        }
        value = codec.encode(schema, record);
      } catch (InvalidEventException e) {
        return invalid(index, e.code(), e.path(), e.getMessage());
      }
    }
    String partitionKey = event.cloudEvent().get("partitionkey");
    byte[] key = partitionKey == null ? null : partitionKey.getBytes(StandardCharsets.UTF_8);
    NewRecord record = new NewRecord(key, value, headers(event.cloudEvent(), id), eventTime);
    long size = record.sizeUpperBound();
    if (size > maxRecordBytes) {
      return invalid(
          index,
          "record_too_large",
          null,
          "the event is " + size + " bytes as a record, the limit is " + maxRecordBytes);
    }
    return new Valid(record);
  }

  /** Every CloudEvents attribute as {@code ce_<name>}, sorted, then the event's id, if any. */
  static List<Header> headers(Map<String, String> cloudEvent, EventId id) {
    List<Header> headers = new ArrayList<>(cloudEvent.size() + 2);
    cloudEvent.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> headers.add(new Header("ce_" + e.getKey(), utf8(e.getValue()))));
    if (id != null) {
      id.addHeaders(headers);
    }
    return headers;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Prepared invalid(int index, String code, String path, String message) {
    return new Invalid(new EventError(index, code, path, message));
  }
}
