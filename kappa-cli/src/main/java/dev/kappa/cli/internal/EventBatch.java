package dev.kappa.cli.internal;

import java.util.List;

/**
 * Consecutive input lines sent as one ingest request.
 *
 * @param number 0, 1, 2… in input order; it names the batch in messages and, appended to {@code
 *     --idempotency-key}, makes the key of its request
 * @param events the lines' bytes, blank lines left out
 * @param lineNumbers the 1-based input line of each event, so an event's index in the request maps
 *     back to its line
 */
record EventBatch(int number, List<byte[]> events, long[] lineNumbers) {

  EventBatch {
    events = List.copyOf(events);
    if (lineNumbers.length != events.size()) {
      throw new IllegalArgumentException("one line number per event");
    }
  }

  int size() {
    return events.size();
  }

  /** The input line of the event at {@code index} in the request, or -1 if out of range. */
  long lineOf(int index) {
    return index >= 0 && index < lineNumbers.length ? lineNumbers[index] : -1;
  }
}
