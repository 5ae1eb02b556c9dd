package dev.kappa.server;

import dev.kappa.engine.Aggregations;
import dev.kappa.engine.Decoders;
import dev.kappa.engine.Serdes;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewProvider;
import java.util.List;

/**
 * A provider that is not listed in this module's service files: {@code ViewJarsTest} packs it into
 * a jar with its own service file, so the server finds it only through that jar. Its view counts
 * the records of stream {@value #STREAM} per value.
 */
public final class JarViewProvider implements ViewProvider {

  static final String STREAM = "jar-input";

  @Override
  public List<View<?, ?>> views(ViewContext context) {
    return List.of(
        View.named("jar-values")
            .from(STREAM, Decoders.utf8())
            .keyBy(value -> value, Serdes.string())
            .aggregate(Aggregations.count()));
  }
}
