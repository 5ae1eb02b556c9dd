package dev.kappa.server.internal.views;

import dev.kappa.engine.View;
import java.util.Objects;

/**
 * A view the server was asked to run, and where its definition came from.
 *
 * @param view the definition
 * @param origin for people: {@code class path (provider P)}, {@code jar J (provider P)} or {@code
 *     built-in example}
 */
public record DefinedView(View<?, ?> view, String origin) {

  public DefinedView {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(origin, "origin");
  }
}
