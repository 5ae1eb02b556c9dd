package dev.kappa.log.internal;

import dev.kappa.log.RetentionPolicy;

/**
 * Which segments of a partition retention may delete: a prefix of the oldest ones, never the active
 * segment nor the one holding the durable point (a flush may still be fsyncing it). A segment goes
 * when all its records are older than the policy's age, or when the segments after it still hold at
 * least the policy's size.
 */
final class RetentionPlan {

  private RetentionPlan() {}

  /** How many of the oldest segments of {@code segments} may be deleted at {@code now}. */
  static int segmentsToDrop(Segment[] segments, Segment keep, RetentionPolicy policy, long now) {
    if (policy.isForever()) {
      return 0;
    }
    long total = 0;
    for (Segment segment : segments) {
      total += segment.size();
    }
    int drop = 0;
    while (drop < segments.length - 1 && segments[drop] != keep) {
      Segment oldest = segments[drop];
      boolean tooOld =
          policy.maxAge() != null && oldest.lastAppendTime() < now - policy.maxAge().toMillis();
      boolean tooBig = policy.maxBytes() > 0 && total - oldest.size() >= policy.maxBytes();
      if (!tooOld && !tooBig) {
        break;
      }
      total -= oldest.size();
      drop++;
    }
    return drop;
  }
}
