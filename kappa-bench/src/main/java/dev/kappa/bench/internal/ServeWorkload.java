package dev.kappa.bench.internal;

import dev.kappa.bench.Measurement;
import java.util.List;

/** One measurement group of {@code kappa bench serve}, run against a shared {@link ClickServer}. */
@FunctionalInterface
public interface ServeWorkload {

  /**
   * Runs the workload once and returns its measurements, in the order to print them.
   *
   * @throws IllegalStateException if the server refused a request the workload depends on
   */
  List<Measurement> measure() throws InterruptedException;
}
