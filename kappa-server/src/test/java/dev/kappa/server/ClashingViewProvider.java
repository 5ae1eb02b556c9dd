package dev.kappa.server;

import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoders;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewProvider;
import java.util.List;

/**
 * A provider, packed into a jar by {@code ViewJarsTest}, whose view has the name and version of one
 * of {@link TestViewProvider}'s.
 */
public final class ClashingViewProvider implements ViewProvider {

  @Override
  public List<View<?, ?>> views(ViewContext context) {
    return List.of(
        View.named("test-waiting")
            .from("elsewhere", Decoders.utf8())
            .keyBy(value -> value, Serdes.string())
            .aggregate(Aggregations.count()));
  }
}
