package dev.kappa.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.kappa.log.NewRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns one input line into a record whose value is the line's bytes. With a key field or a time
 * field the line must be a JSON object, and the record's key or event time is taken from that
 * top-level field; without them the line is not parsed at all. Not thread-safe.
 */
final class RecordParser {

  private static final JsonFactory JSON = new JsonFactory();

  private final String keyField;
  private final String timeField;

  /**
   * @param keyField the top-level field holding the key, or null for records without a key
   * @param timeField the top-level field holding the event time (epoch milliseconds or an ISO-8601
   *     string), or null to use the append time
   */
  RecordParser(String keyField, String timeField) {
    this.keyField = keyField;
    this.timeField = timeField;
  }

  /** Whether {@link #parse} reads the line as JSON. */
  boolean parsesJson() {
    return keyField != null || timeField != null;
  }

  /**
   * @throws IllegalArgumentException if the line is not a JSON object, the time field is missing or
   *     not a time, or the key field is not a scalar
   */
  NewRecord parse(byte[] line) {
    if (!parsesJson()) {
      return NewRecord.of(line);
    }
    byte[] key = null;
    long eventTime = NewRecord.NO_TIMESTAMP;
    boolean timeSeen = false;
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals(keyField)) {
          key = key(p, value);
        }
        if (field.equals(timeField)) {
          eventTime = time(p, value);
          timeSeen = true;
        }
        p.skipChildren();
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
    if (timeField != null && !timeSeen) {
      throw new IllegalArgumentException("no time field '" + timeField + "'");
    }
    return new NewRecord(key, line, List.of(), eventTime);
  }

  private byte[] key(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!value.isScalarValue()) {
      throw new IllegalArgumentException("key field '" + keyField + "' is not a scalar");
    }
    return p.getText().getBytes(StandardCharsets.UTF_8);
  }

  private long time(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (value == JsonToken.VALUE_STRING) {
      return Times.parse(p.getText());
    }
    throw new IllegalArgumentException(
        "time field '"
            + timeField
            + "' must be epoch milliseconds (an integer) or an ISO-8601 string, was "
            + p.getText());
  }
}
