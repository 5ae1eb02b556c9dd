package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.schema.InvalidEventException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A JSON value that does not fit its schema, on its way up from the value that failed to the top of
 * the event. Each enclosing record, array, map or union wrapper adds its path segment as the
 * mismatch passes through it, so the success path never builds a path at all.
 *
 * <p>Stackless: it is thrown only for a value that does not fit, and while trying the branches of a
 * union, where its cost matters and its stack trace would say nothing useful. Not thread-safe; it
 * belongs to one conversion.
 */
final class Mismatch extends RuntimeException {

  private final String expected;
  private final String found;
  private final boolean structural;

  /**
   * Segments from the failed value outwards, such as {@code .price}, {@code [2]}, {@code .items}.
   */
  private final List<String> segments = new ArrayList<>(4);

  Mismatch(String expected, String found) {
    this(expected, found, false);
  }

  private Mismatch(String expected, String found, boolean structural) {
    super(null, null, false, false);
    this.expected = expected;
    this.found = found;
    this.structural = structural;
  }

  /**
   * A record field that is missing, or an object member the record does not have: a mismatch of
   * shape rather than of a value, and so weaker evidence of which union branch was meant.
   */
  static Mismatch structural(String expected, String found) {
    return new Mismatch(expected, found, true);
  }

  /** That {@code node} does not fit {@code schema}. */
  static Mismatch of(Schema schema, JsonNode node) {
    return new Mismatch(JsonDescriptions.expected(schema), JsonDescriptions.found(node));
  }

  /** Adds the segment of the enclosing value (the segments arrive innermost first). */
  Mismatch at(String segment) {
    segments.add(segment);
    return this;
  }

  /**
   * Whether this says more about what the writer meant than {@code other}, both having failed where
   * a union was resolved: the deeper failure wins, and at equal depth a wrong value beats a wrong
   * shape.
   */
  boolean betterThan(Mismatch other) {
    if (depth() != other.depth()) {
      return depth() > other.depth();
    }
    return other.structural && !structural;
  }

  /** How many segments below the point where the conversion caught it the failure happened. */
  int depth() {
    return segments.size();
  }

  String expected() {
    return expected;
  }

  String found() {
    return found;
  }

  /** The JSON path from {@code $}, such as {@code $.items[2].price}. */
  String path() {
    StringBuilder path = new StringBuilder(16).append('$');
    for (int i = segments.size() - 1; i >= 0; i--) {
      path.append(segments.get(i));
    }
    return path.toString();
  }

  @Override
  public String getMessage() {
    return path() + ": expected " + expected + ", found " + found;
  }

  InvalidEventException toInvalidEvent() {
    return new InvalidEventException(path(), expected, found);
  }
}
