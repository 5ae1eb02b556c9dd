package dev.kappa.engine.internal.aggregate;

import dev.kappa.engine.Origin;
import java.nio.ByteBuffer;

/**
 * Writes an {@link Origin} as {@code [i64 eventTime][i32 source][i32 partition][i64 offset][i32
 * index]}.
 */
final class OriginCodec {

  static final int BYTES = 28;

  private OriginCodec() {}

  static void write(ByteBuffer out, Origin origin) {
    out.putLong(origin.eventTime())
        .putInt(origin.source())
        .putInt(origin.partition())
        .putLong(origin.offset())
        .putInt(origin.index());
  }

  static Origin read(ByteBuffer in) {
    return new Origin(in.getLong(), in.getInt(), in.getInt(), in.getLong(), in.getInt());
  }
}
