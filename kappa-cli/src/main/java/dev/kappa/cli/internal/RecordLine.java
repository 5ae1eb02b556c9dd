package dev.kappa.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kappa.cli.internal.http.HttpReply;
import dev.kappa.log.Header;
import dev.kappa.log.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns a line of the server's read endpoint back into the record {@code kappa read} would print
 * had it read the log itself. The line is {@code {"partition","offset","eventTime","appendTime",
 * "key","headers","value"}}, read with {@code rawValues=true}, so:
 *
 * <ul>
 *   <li>{@code valueBase64} holds the stored bytes (every value of a stream without an Avro model,
 *       and Avro values that do not decode);
 *   <li>{@code value} is a decoded Avro value, whose JSON text is taken exactly as the server wrote
 *       it: the same text the data directory's reader makes from it ({@link ValueText});
 *   <li>keys and header values are UTF-8 text, or their bytes in {@code keyBase64}/{@code
 *       valueBase64} when they are not UTF-8.
 * </ul>
 *
 * <p>A line holding an {@code error} object (a storage failure after the answer began) fails.
 */
final class RecordLine {

  private static final JsonFactory JSON = new JsonFactory();

  private RecordLine() {}

  /**
   * The record {@code line} describes; its value is the stored bytes, or the text of its decoded
   * Avro value as UTF-8.
   *
   * @throws dev.kappa.cli.internal.http.ServerCallException if the line is the server's error
   * @throws IllegalStateException if the line is not a record
   */
  static LogRecord parse(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notARecord(line);
      }
      Fields f = new Fields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        switch (name) {
          case "partition" -> f.partition = p.getIntValue();
          case "offset" -> f.offset = p.getLongValue();
          case "eventTime" -> f.eventTime = p.getLongValue();
          case "appendTime" -> f.appendTime = p.getLongValue();
          case "key" -> f.key = token == JsonToken.VALUE_NULL ? null : utf8(p.getText());
          case "keyBase64" -> f.key = base64(p.getText());
          case "headers" -> f.headers = headers(p);
          case "value" -> f.value = rawText(p, line);
          case "valueBase64" -> f.value = base64(p.getText());
          case "error" -> throw serverError(line);
          default -> p.skipChildren();
        }
      }
      if (f.offset < 0 || f.value == null) {
        throw notARecord(line);
      }
      return new LogRecord(
          f.partition, f.offset, f.eventTime, f.appendTime, f.key, f.value, f.headers);
    } catch (IOException e) {
      throw new IllegalStateException("the server sent a line that is not JSON: " + line, e);
    }
  }

  /** The fields of one line as they are read. */
  private static final class Fields {
    int partition;
    long offset = -1;
    long eventTime;
    long appendTime;
    byte[] key;
    byte[] value;
    List<Header> headers = List.of();
  }

  /** The current value's JSON text exactly as it appears in {@code line}, as UTF-8. */
  private static byte[] rawText(JsonParser p, String line) throws IOException {
    int start = (int) p.currentTokenLocation().getCharOffset();
    if (p.currentToken().isStructStart()) {
      p.skipChildren();
    } else {
      p.finishToken(); // a string is read lazily: consume it so the location is past its end
    }
    int end = (int) p.currentLocation().getCharOffset();
    return utf8(line.substring(start, end));
  }

  private static List<Header> headers(JsonParser p) throws IOException {
    List<Header> headers = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String key = null;
      byte[] value = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        switch (name) {
          case "key" -> key = p.getText();
          case "value" -> value = token == JsonToken.VALUE_NULL ? null : utf8(p.getText());
          case "valueBase64" -> value = base64(p.getText());
          default -> p.skipChildren();
        }
      }
      headers.add(new Header(key, value));
    }
    return headers;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] base64(String text) {
    return Base64.getDecoder().decode(text);
  }

  /** The error object of an answer that failed after it began, as the exception it means. */
  private static RuntimeException serverError(String line) {
    return new HttpReply(500, utf8(line)).toException();
  }

  private static IllegalStateException notARecord(String line) {
    return new IllegalStateException("the server sent a line that is not a record: " + line);
  }
}
