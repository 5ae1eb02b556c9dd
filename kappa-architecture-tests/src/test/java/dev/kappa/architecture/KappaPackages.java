package dev.kappa.architecture;

import java.util.List;
import java.util.Optional;

/**
 * How Kappa's package names encode its modules: a class in {@code <root>.<m>} or one of its
 * sub-packages belongs to module {@code m}, and any package with an {@code internal} segment is
 * implementation, not API.
 */
final class KappaPackages {

  /** The package under which every Kappa module lives. */
  static final String ROOT = "dev.kappa";

  private static final String INTERNAL_SEGMENT = "internal";

  private KappaPackages() {}

  /**
   * The module that owns {@code packageName}, or empty if the package is not under {@code root}.
   */
  static Optional<String> moduleOf(String root, String packageName) {
    String prefix = root + ".";
    if (!packageName.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = packageName.substring(prefix.length());
    int dot = rest.indexOf('.');
    return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
  }

  /** Whether {@code packageName} has an {@code internal} segment, in Kappa or any library. */
  static boolean isInternal(String packageName) {
    return List.of(packageName.split("\\.")).contains(INTERNAL_SEGMENT);
  }
}
