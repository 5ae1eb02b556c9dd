package dev.kappa.engine.internal;

import java.math.BigInteger;

/**
 * Fixed windows (tumbling and hopping) kept as slices: state holds one accumulator per key and
 * slice of width {@code gcd(size, advance)}, and a window's result merges the slices it covers. An
 * event then updates one entry however many windows it falls in (five for a 10 s window sliding
 * every 2 s), and closed windows cost no extra state. All events of a slice fall in the same
 * windows, so a slice is written until its earliest window closes, and kept until its latest one
 * expires.
 *
 * <p>An event is late when the earliest window it falls in has closed in its partition: it then
 * counts in none of its windows, so a closed window never changes.
 *
 * <p>Immutable; thread-safe.
 */
final class Slicing {

  private final long size;
  private final long advance;
  private final long width;

  Slicing(long size, long advance) {
    this.size = size;
    this.advance = advance;
    this.width = BigInteger.valueOf(size).gcd(BigInteger.valueOf(advance)).longValueExact();
  }

  long size() {
    return size;
  }

  long advance() {
    return advance;
  }

  /** The start of the slice holding {@code time}. */
  long sliceStart(long time) {
    return Math.floorDiv(time, width) * width;
  }

  /** The end of the earliest window holding {@code time}: after it closes, the slice is final. */
  long closeEnd(long time) {
    return SessionList.saturatedAdd(firstWindowStart(time), size);
  }

  /** The end of the latest window holding {@code time}: after it expires, the slice may go. */
  long expiryEnd(long time) {
    return SessionList.saturatedAdd(Math.floorDiv(time, advance) * advance, size);
  }

  /**
   * The start of the earliest window holding {@code time}: the first multiple of the advance after
   * {@code time - size}.
   */
  long firstWindowStart(long time) {
    return Math.floorDiv(time - size, advance) * advance + advance;
  }
}
