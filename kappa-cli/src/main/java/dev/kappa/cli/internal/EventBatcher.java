package dev.kappa.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts input lines into {@link EventBatch}es of at most {@code maxEvents} events and about {@code
 * maxBytes} bytes, skipping blank lines. For {@link IngestFormat#CLOUDEVENTS_BATCH} every line is
 * first checked to be one JSON value, since one bad line would make the whole array unreadable and
 * the server could only name its place in the array. Not thread-safe.
 */
final class EventBatcher {

  private static final JsonFactory JSON = new JsonFactory();

  private final LineSource lines;
  private final IngestFormat format;
  private final int maxEvents;
  private final long maxBytes;
  private int nextNumber;

  EventBatcher(LineSource lines, IngestFormat format, int maxEvents, long maxBytes) {
    this.lines = lines;
    this.format = format;
    this.maxEvents = format.oneEventPerRequest() ? 1 : maxEvents;
    this.maxBytes = maxBytes;
  }

  /**
   * The next batch, or null at the end of the input.
   *
   * @throws CommandFailedException naming the line if a CloudEvents line is not JSON
   */
  EventBatch next() throws IOException {
    List<byte[]> events = new ArrayList<>();
    List<Long> numbers = new ArrayList<>();
    long bytes = 0;
    while (events.size() < maxEvents && bytes < maxBytes) {
      byte[] line = lines.next();
      if (line == null) {
        break;
      }
      if (isBlank(line)) {
        continue;
      }
      if (format == IngestFormat.CLOUDEVENTS_BATCH) {
        checkJson(line, lines.lineNumber());
      }
      events.add(line);
      numbers.add(lines.lineNumber());
      bytes += line.length + 1;
    }
    if (events.isEmpty()) {
      return null;
    }
    return new EventBatch(
        nextNumber++, events, numbers.stream().mapToLong(Long::longValue).toArray());
  }

  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static void checkJson(byte[] line, long number) {
    try (JsonParser parser = JSON.createParser(line)) {
      parser.nextToken();
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new CommandFailedException("line " + number + ": more than one JSON value");
      }
    } catch (IOException e) {
      throw new CommandFailedException(
          "line "
              + number
              + ": not valid JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
  }
}
