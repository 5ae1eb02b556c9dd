package dev.kappa.engine.examples;

import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoder;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.WindowSpec;
import java.time.Duration;
import java.util.Objects;

/** Nexmark-style auction views over a stream of {@link NexmarkEvent}s. */
public final class NexmarkViews {

  private NexmarkViews() {}

  /**
   * Query 7 style: the highest bid price in each 10-second tumbling window, over all auctions (a
   * single key, {@code "all"}).
   */
  public static View<String, Long> highestBid(String stream, Decoder<Bid> bids) {
    return View.named("nexmark-highest-bid")
        .from(stream, bids)
        .filter(Objects::nonNull)
        .keyBy(bid -> "all", Serdes.string())
        .window(WindowSpec.tumbling(Duration.ofSeconds(10)))
        .aggregate(Aggregations.max(Bid::price));
  }

  /**
   * Query 5 style ("hot items"): the number of bids per auction over a 10-second window sliding
   * every 2 seconds.
   */
  public static View<Long, Long> bidsPerAuction(String stream, Decoder<Bid> bids) {
    return View.named("nexmark-hot-items")
        .from(stream, bids)
        .filter(Objects::nonNull)
        .keyBy(Bid::auction, Serdes.longs())
        .window(WindowSpec.hopping(Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .aggregate(Aggregations.count());
  }

  /** Bids per bidder over all time: one key per bidder, for replay with many distinct keys. */
  public static View<Long, Long> bidsPerBidder(String stream, Decoder<Bid> bids) {
    return View.named("nexmark-bids-per-bidder")
        .from(stream, bids)
        .filter(Objects::nonNull)
        .keyBy(Bid::bidder, Serdes.longs())
        .aggregate(Aggregations.count());
  }
}
