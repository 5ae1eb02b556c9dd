package dev.kappa.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a class's code lives and what its bytecode hashes to, for {@link DefinitionFingerprint}.
 *
 * <p>A lambda or method reference compiles into a hidden class named {@code Host$$Lambda/0x…},
 * whose suffix is an address that differs between runs and whose bytes cannot be read back; its
 * code is in the host class, so the host's name and bytes stand for it. Any other hidden class
 * stands by its name without the suffix. Bytes are read from the defining class loader's {@code
 * .class} resource, so a class generated at run time with no such resource has no hash.
 *
 * <p>Invariant: a hash depends only on the bytes of the {@code .class} file, so it is the same in
 * every run of the same build. Not thread-safe: one instance serves one fingerprint computation,
 * and memoises the hash of each class it has read.
 */
final class ClassCode {

  private static final String LAMBDA = "$$Lambda";

  /** Hex SHA-256 of each class's bytes, or "" where none could be read; keyed by source name. */
  private final Map<String, String> hashes = new HashMap<>();

  static boolean isLambda(Class<?> type) {
    return type.isHidden() && type.getName().contains(LAMBDA);
  }

  /**
   * The name that stands for {@code type} across runs: the host class of a lambda, the name without
   * its address suffix for another hidden class, the binary name otherwise.
   */
  static String stableName(Class<?> type) {
    String name = type.getName();
    if (!type.isHidden()) {
      return name;
    }
    int lambda = name.indexOf(LAMBDA);
    if (lambda >= 0) {
      return name.substring(0, lambda);
    }
    int slash = name.indexOf('/');
    return slash >= 0 ? name.substring(0, slash) : name;
  }

  /**
   * The hex SHA-256 of the bytecode behind {@code type} (its host's for a lambda), or empty if it
   * has no readable {@code .class} resource, e.g. a class of the JDK's bootstrap loader or one
   * generated at run time.
   */
  String bytecodeHash(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    String name = stableName(type);
    if (loader == null || (type.isHidden() && !isLambda(type))) {
      return "";
    }
    return hashes.computeIfAbsent(name, n -> read(loader, n));
  }

  private static String read(ClassLoader loader, String binaryName) {
    try (InputStream in = loader.getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
      return in == null ? "" : DefinitionFingerprint.sha256(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bytecode of " + binaryName, e);
    }
  }
}
