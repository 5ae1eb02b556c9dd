package dev.kappa.bench.internal;

import dev.kappa.engine.examples.NexmarkEvent;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.ValueCodec;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes Nexmark-style events to a stream, Avro-encoded through the schema registry's codec: of
 * every 50 events 1 is a person, 3 are auctions and 46 are bids (92%), each about 100 bytes. Event
 * times advance by {@code stepMillis} per event. Bids go to recent auctions, so some are hot.
 * Seeded, so the same arguments write the same events. Not thread-safe.
 */
public final class NexmarkGenerator {

  private static final int BATCH = 1000;
  // Brings an event to about 100 bytes on the log, as in the benchmark's brief.
  private static final String PADDING = "n".repeat(28);
  private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

  private final ValueCodec codec;
  private final SchemaVersion version;
  private final long bidders;
  private final SplittableRandom random;

  /**
   * @param bidders how many distinct bidders bids come from (uniformly)
   */
  public NexmarkGenerator(ValueCodec codec, SchemaVersion version, long bidders, long seed) {
    this.codec = codec;
    this.version = version;
    this.bidders = bidders;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Appends {@code events} events round-robin over the stream's partitions; waits until durable.
   */
  public void write(Log log, String stream, int partitions, long events, long stepMillis) {
    GenericRecord event = new GenericData.Record(version.schema());
    RoundRobinWriter writer = new RoundRobinWriter(log, stream, partitions, BATCH);
    long auctions = 1;
    for (long i = 0; i < events; i++) {
      long time = 1_700_000_000_000L + i * stepMillis;
      int slot = (int) (i % 50);
      int kind =
          slot == 0 ? NexmarkEvent.PERSON : slot <= 3 ? NexmarkEvent.AUCTION : NexmarkEvent.BID;
      if (kind == NexmarkEvent.AUCTION) {
        auctions++;
      }
      // Bids favour the newest auctions: half go to the last 10, the rest to the last 1000.
      long window = random.nextBoolean() ? 10 : 1000;
      long auction = Math.max(1, auctions - random.nextLong(Math.min(window, auctions)));
      event.put("kind", kind);
      event.put("id", i);
      event.put("auction", kind == NexmarkEvent.BID ? auction : 0L);
      event.put("bidder", kind == NexmarkEvent.BID ? random.nextLong(bidders) : 0L);
      event.put("price", kind == NexmarkEvent.BID ? 100 + random.nextLong(100_000) : 0L);
      event.put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
      event.put("url", "https://www.nexmark.com/item/" + auction);
      event.put("dateTime", time);
      event.put("extra", PADDING);
      writer.add(i, new NewRecord(null, codec.encode(version, event), List.of(), time));
    }
    writer.finish();
  }
}
