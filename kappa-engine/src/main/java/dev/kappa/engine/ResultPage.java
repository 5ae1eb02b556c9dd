package dev.kappa.engine;

import java.util.List;
import java.util.Optional;

/**
 * A page of a view's results, read from one commit of its state, with the position that commit
 * reflects.
 *
 * @param results the results, by key (in serialized order) then window start
 * @param progress the committed offsets and watermark the results reflect
 * @param next where the next page starts ({@link ViewState#range}'s {@code after}), or null if this
 *     is the last page
 */
public record ResultPage<K, R>(
    List<WindowResult<K, R>> results, ViewProgress progress, String next) {

  public ResultPage {
    results = List.copyOf(results);
  }

  public Optional<String> nextCursor() {
    return Optional.ofNullable(next);
  }
}
