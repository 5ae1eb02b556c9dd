package dev.kappa.server;

import dev.kappa.server.internal.config.ConfigValues;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Server-wide caps on on-demand queries ({@code POST /queries}). A query may ask for lower limits;
 * one that asks for more gets these. In a configuration file: {@code queries.maxEvents}, {@code
 * queries.maxResults}, {@code queries.timeout} and {@code queries.maxConcurrent}.
 *
 * @param maxEvents the most records one query may scan; default 100,000,000
 * @param maxResults the most results (key and window pairs) one query may hold; default 100,000
 * @param timeout how long one query may run; default 60 s
 * @param maxConcurrent how many queries may run at once; more are refused with 429 {@code
 *     too_many_queries}; default 4
 */
public record QuerySettings(long maxEvents, int maxResults, Duration timeout, int maxConcurrent) {

  public static final QuerySettings DEFAULTS =
      new QuerySettings(100_000_000L, 100_000, Duration.ofSeconds(60), 4);

  /** The configuration keys, with what they set. */
  static final SortedMap<String, String> KEYS = describeKeys();

  public QuerySettings {
    Objects.requireNonNull(timeout, "queries.timeout");
    ConfigValues.checkRange("queries.maxEvents", maxEvents, 1, Long.MAX_VALUE);
    ConfigValues.checkRange("queries.maxResults", maxResults, 1, 100_000_000);
    ConfigValues.checkPositive("queries.timeout", timeout);
    ConfigValues.checkRange("queries.maxConcurrent", maxConcurrent, 1, 1024);
  }

  /** These settings with the one {@code key} names set from its text. */
  QuerySettings with(String key, String value) {
    return switch (key) {
      case "queries.maxEvents" ->
          new QuerySettings(count(key, value), maxResults, timeout, maxConcurrent);
      case "queries.maxResults" ->
          new QuerySettings(maxEvents, ConfigValues.integer(key, value), timeout, maxConcurrent);
      case "queries.timeout" ->
          new QuerySettings(
              maxEvents, maxResults, ConfigValues.duration(key, value), maxConcurrent);
      case "queries.maxConcurrent" ->
          new QuerySettings(maxEvents, maxResults, timeout, ConfigValues.integer(key, value));
      default -> throw new IllegalArgumentException("unknown setting '" + key + "'");
    };
  }

  private static long count(String key, String text) {
    try {
      return Long.parseLong(text.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'", e);
    }
  }

  private static SortedMap<String, String> describeKeys() {
    SortedMap<String, String> keys = new TreeMap<>();
    keys.put("queries.maxEvents", "the most records one on-demand query may scan");
    keys.put("queries.maxResults", "the most results one on-demand query may hold");
    keys.put("queries.timeout", "how long one on-demand query may run");
    keys.put("queries.maxConcurrent", "how many on-demand queries may run at once");
    return Collections.unmodifiableSortedMap(keys);
  }
}
