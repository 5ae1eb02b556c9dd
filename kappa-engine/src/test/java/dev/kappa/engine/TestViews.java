package dev.kappa.engine;

import java.util.function.Function;

/**
 * Views over the test stream: UTF-8 values parsed as {@link Payload}s, keyed by their key, in an
 * optional window. Stateless.
 */
final class TestViews {

  private TestViews() {}

  /** {@code builder}'s view of {@link Input#STREAM}; {@code window} null for none. */
  static <R> View<String, R> of(
      View.Builder builder, WindowSpec window, Aggregation<? super Payload, ?, R> aggregation) {
    return of(builder, Payload::parse, window, aggregation);
  }

  /** As {@link #of(View.Builder, WindowSpec, Aggregation)}, with a custom parse step. */
  static <R> View<String, R> of(
      View.Builder builder,
      Function<String, Payload> parse,
      WindowSpec window,
      Aggregation<? super Payload, ?, R> aggregation) {
    KeyedStream<String, Payload> keyed =
        builder.from(Input.STREAM, Decoders.utf8()).map(parse).keyBy(Payload::key, Serdes.string());
    return window == null
        ? keyed.aggregate(aggregation)
        : keyed.window(window).aggregate(aggregation);
  }

  /** The window shapes the reference tests cover; null is "no window". */
  static WindowSpec[] windows() {
    return new WindowSpec[] {
      null,
      new WindowSpec.Tumbling(1_000),
      new WindowSpec.Hopping(1_000, 250),
      // An advance that does not divide the size: slices are gcd(1000, 300) = 100 ms wide.
      new WindowSpec.Hopping(1_000, 300),
      new WindowSpec.Session(400)
    };
  }

  static String name(WindowSpec window) {
    return switch (window) {
      case null -> "global";
      case WindowSpec.Hopping(long size, long advance) -> "hopping-" + size + "-" + advance;
      default -> window.getClass().getSimpleName().toLowerCase();
    };
  }
}
