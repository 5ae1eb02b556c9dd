package dev.kappa.log.internal;

/**
 * How far a partition is durable: every offset below {@code offset} is fsynced, and so are the
 * bytes below {@code position} of {@code segment} (and every older segment). Published by {@link
 * GroupCommit} after each fsync; readers look only below it, so nothing that could still be lost is
 * ever served.
 */
record DurablePoint(long offset, Segment segment, long position) {

  /** The first byte of {@code s} that is not known durable: its size unless it holds this point. */
  long limitIn(Segment s) {
    return s == segment ? position : s.size();
  }
}
