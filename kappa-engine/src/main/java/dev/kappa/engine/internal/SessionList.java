package dev.kappa.engine.internal;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One key's session windows, sorted by start and pairwise more than the gap apart. An event at
 * {@code t} opens {@code [t, t + gap)} and merges every session it touches, so two events are in
 * one session exactly when a chain of events, each at most {@code gap} after the previous, joins
 * them; that partition of events into sessions does not depend on the order they arrive in.
 *
 * <p>Serialized: {@code [u32 n]} then per session {@code [i64 start][i64 end][u32 length][acc]}.
 * Mutable; not thread-safe.
 */
final class SessionList {

  /** One session window and its accumulator. */
  record Session(long start, long end, Object accumulator) {}

  private final List<Session> sessions;

  SessionList(List<Session> sessions) {
    this.sessions = sessions;
  }

  static SessionList empty() {
    return new SessionList(new ArrayList<>(2));
  }

  List<Session> sessions() {
    return sessions;
  }

  void add(Aggregation<Object, Object, ?> aggregation, long gap, Object value, Origin origin) {
    long start = origin.eventTime();
    long end = saturatedAdd(start, gap);
    Object acc = aggregation.add(aggregation.init(), value, origin);
    for (int i = 0; i < sessions.size(); ) {
      Session s = sessions.get(i);
      if (s.start() <= end && s.end() >= start) {
        acc = aggregation.merge(s.accumulator(), acc);
        start = Math.min(start, s.start());
        end = Math.max(end, s.end());
        sessions.remove(i);
      } else {
        i++;
      }
    }
    int at = 0;
    while (at < sessions.size() && sessions.get(at).start() < start) {
      at++;
    }
    sessions.add(at, new Session(start, end, acc));
  }

  /** The end of the first session, the smallest end of all; the list must not be empty. */
  long firstEnd() {
    return sessions.getFirst().end();
  }

  /** Drops sessions that ended at or before {@code limit}; whether any are left. */
  boolean expire(long limit) {
    sessions.removeIf(s -> s.end() <= limit);
    return !sessions.isEmpty();
  }

  byte[] serialize(Serde<Object> accumulatorSerde) {
    List<byte[]> accs = new ArrayList<>(sessions.size());
    int size = Integer.BYTES;
    for (Session s : sessions) {
      byte[] acc = accumulatorSerde.serialize(s.accumulator());
      accs.add(acc);
      size += 2 * Long.BYTES + Integer.BYTES + acc.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(sessions.size());
    for (int i = 0; i < sessions.size(); i++) {
      Session s = sessions.get(i);
      out.putLong(s.start()).putLong(s.end()).putInt(accs.get(i).length).put(accs.get(i));
    }
    return out.array();
  }

  static SessionList deserialize(byte[] bytes, Serde<Object> accumulatorSerde) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int n = in.getInt();
    List<Session> sessions = new ArrayList<>(n + 1);
    for (int i = 0; i < n; i++) {
      long start = in.getLong();
      long end = in.getLong();
      byte[] acc = new byte[in.getInt()];
      in.get(acc);
      sessions.add(new Session(start, end, accumulatorSerde.deserialize(acc)));
    }
    return new SessionList(sessions);
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }
}
