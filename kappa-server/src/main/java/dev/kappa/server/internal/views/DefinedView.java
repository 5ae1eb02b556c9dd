package dev.kappa.server.internal.views;

import dev.kappa.engine.View;
import java.util.Objects;

/**
 * A view the server was asked to run, and where its definition came from.
 *
 * @param view the definition
 * @param origin for people: {@code class path (provider P)}, {@code jar J (provider P)} or {@code
 *     built-in example}
 * @param deployedAtStart whether the server deploys this version by itself at start when it is the
 *     highest such version of its view; false only for an example version that waits for a deploy
 */
public record DefinedView(View<?, ?> view, String origin, boolean deployedAtStart) {

  public DefinedView {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(origin, "origin");
  }

  /** A version the server deploys at start if it is its view's highest. */
  public DefinedView(View<?, ?> view, String origin) {
    this(view, origin, true);
  }
}
