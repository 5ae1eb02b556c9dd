package dev.kappa.engine.examples;

import dev.kappa.engine.Decoder;
import dev.kappa.log.RecordView;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.ValueCodec;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;

/**
 * Decodes Nexmark events to {@link Bid}s (null for persons and auctions). Values written with the
 * {@link NexmarkEvent} schema version it was given are read field by field straight from the buffer
 * (Avro's binary encoding), skipping what a bid does not need, as generated specific readers do;
 * values written with any other registered schema take the general path, resolved to that version.
 * Thread-safe.
 */
public final class NexmarkDecoder implements Decoder<Bid> {

  private final ValueCodec codec;
  private final SchemaVersion version;

  public NexmarkDecoder(ValueCodec codec, SchemaVersion version) {
    this.codec = codec;
    this.version = version;
  }

  @Override
  public Bid decode(RecordView record) {
    ByteBuffer value = record.value();
    if (codec.schemaId(value) != version.id()) {
      return fromGeneric(codec.decode(value, version.schema()));
    }
    // Avro binary encoding: ints and longs are zig-zag varints, strings a length then UTF-8.
    // Read with absolute gets through a cursor, so decoding allocates nothing but the Bid.
    long[] at = {value.position() + 5}; // past the magic byte and schema id
    if (readLong(value, at) != NexmarkEvent.BID) {
      return null;
    }
    readLong(value, at); // id
    long auction = readLong(value, at);
    long bidder = readLong(value, at);
    long price = readLong(value, at);
    skipString(value, at); // channel
    skipString(value, at); // url
    long dateTime = readLong(value, at);
    return new Bid(auction, bidder, price, dateTime);
  }

  private static long readLong(ByteBuffer in, long[] at) {
    long raw = 0;
    int position = (int) at[0];
    for (int shift = 0; ; shift += 7) {
      if (shift > 63 || position >= in.limit()) {
        throw new IllegalArgumentException("malformed Avro varint in a NexmarkEvent");
      }
      byte b = in.get(position++);
      raw |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        at[0] = position;
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
  }

  private static void skipString(ByteBuffer in, long[] at) {
    long length = readLong(in, at);
    if (length < 0 || length > in.limit() - at[0]) {
      throw new IllegalArgumentException("malformed Avro string in a NexmarkEvent");
    }
    at[0] += length;
  }

  private static Bid fromGeneric(GenericRecord event) {
    if ((Integer) event.get("kind") != NexmarkEvent.BID) {
      return null;
    }
    return new Bid(
        (Long) event.get("auction"),
        (Long) event.get("bidder"),
        (Long) event.get("price"),
        (Long) event.get("dateTime"));
  }
}
