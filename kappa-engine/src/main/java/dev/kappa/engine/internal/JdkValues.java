package dev.kappa.engine.internal;

import java.util.List;

/**
 * How {@link DefinitionText} describes a JDK object that is not a collection, map, entry or
 * optional: by its own {@code toString()} if its class overrides it (a {@code Duration} reads
 * {@code PT1M}), else by class name. Stateless.
 *
 * <p>Some JDK types override {@code toString()} with text that is not a value: thread ids, identity
 * hash codes ({@code ThreadPoolExecutor}), or state that changes as a view runs (atomics, string
 * builders). Those stand by class name, as they hold a view's run-time state, not its definition.
 */
final class JdkValues {

  private static final List<String> JDK_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private static final List<String> RUNTIME_STATE_PACKAGES =
      List.of("java.util.concurrent.", "java.lang.ref.", "java.io.", "java.nio.channels.");

  private JdkValues() {}

  static boolean isJdk(Class<?> type) {
    String name = type.getName();
    return type.getClassLoader() == null || JDK_PACKAGES.stream().anyMatch(name::startsWith);
  }

  static String describe(Object value, String name) {
    return overridesToString(value.getClass()) && !runtimeState(value, name)
        ? name + "(" + value + ")"
        : name;
  }

  private static boolean runtimeState(Object value, String name) {
    return value instanceof Thread
        || value instanceof ThreadGroup
        || value instanceof ClassLoader
        || value instanceof StringBuilder
        || value instanceof StringBuffer
        || RUNTIME_STATE_PACKAGES.stream().anyMatch(name::startsWith);
  }

  private static boolean overridesToString(Class<?> type) {
    try {
      return type.getMethod("toString").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError("every class has toString()", e);
    }
  }
}
