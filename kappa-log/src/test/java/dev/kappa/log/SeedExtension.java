package dev.kappa.log;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a test a {@link Seed} parameter and names that seed in the failure of a test that used it.
 * The seed is random per run unless {@code -Dkappa.seed=N} pins it, so a failure can be replayed.
 */
public final class SeedExtension implements ParameterResolver, TestExecutionExceptionHandler {

  /** The seed a test's randomness starts from. */
  public record Seed(long value) {}

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SeedExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Seed.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    String pinned = System.getProperty("kappa.seed");
    long value = pinned != null ? Long.parseLong(pinned) : ThreadLocalRandom.current().nextLong();
    Seed seed = new Seed(value);
    context.getStore(NS).put("seed", seed);
    return seed;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Seed seed = context.getStore(NS).get("seed", Seed.class);
    if (seed == null) {
      throw failure;
    }
    throw new AssertionError(
        "failed with seed "
            + seed.value()
            + " (replay with -Dkappa.seed="
            + seed.value()
            + "): "
            + failure.getMessage(),
        failure);
  }
}
