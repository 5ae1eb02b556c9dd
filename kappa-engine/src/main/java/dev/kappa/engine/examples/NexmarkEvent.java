package dev.kappa.engine.examples;

import org.apache.avro.Schema;

/**
 * The Avro model of Nexmark events on one stream: persons, auctions and bids share one record
 * schema, told apart by {@code kind} (0 person, 1 auction, 2 bid). Fields a kind does not use are
 * zero or empty.
 */
public final class NexmarkEvent {

  public static final int PERSON = 0;
  public static final int AUCTION = 1;
  public static final int BID = 2;

  /** The schema, version 1. Field order is the binary layout the fast decoder reads. */
  public static final String SCHEMA =
      """
      {"type": "record", "name": "NexmarkEvent", "namespace": "dev.kappa.examples",
       "fields": [
         {"name": "kind", "type": "int"},
         {"name": "id", "type": "long"},
         {"name": "auction", "type": "long"},
         {"name": "bidder", "type": "long"},
         {"name": "price", "type": "long"},
         {"name": "channel", "type": "string"},
         {"name": "url", "type": "string"},
         {"name": "dateTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
         {"name": "extra", "type": "string"}
       ]}
      """;

  private NexmarkEvent() {}

  public static Schema schema() {
    return new Schema.Parser().parse(SCHEMA);
  }
}
