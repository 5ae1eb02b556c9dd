package dev.kappa.server;

import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewProvider;
import java.util.List;

/** A provider whose {@link #views} throws, packed into a jar by {@code ViewJarsTest}. */
public final class ThrowingViewProvider implements ViewProvider {

  @Override
  public List<View<?, ?>> views(ViewContext context) {
    throw new IllegalStateException("no views today");
  }
}
