package dev.kappa.architecture;

import java.util.List;

/**
 * Libraries Kappa must not use, each detected by one class it always ships. A class counts as
 * present if the class loader finds its class file, even if it then fails to link.
 */
final class ForbiddenLibraries {

  /** jqwik, which Kappa does not use. */
  static final List<String> JQWIK = List.of("net.jqwik.api.Property");

  private ForbiddenLibraries() {}

  /** The names in {@code classNames} that {@code loader} can find, in the given order. */
  static List<String> presentOn(ClassLoader loader, List<String> classNames) {
    return classNames.stream().filter(name -> isPresent(loader, name)).toList();
  }

  private static boolean isPresent(ClassLoader loader, String className) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (LinkageError e) {
      return true;
    }
  }
}
