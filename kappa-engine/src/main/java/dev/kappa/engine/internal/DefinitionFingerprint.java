package dev.kappa.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a view's definition: the lowercase hex SHA-256 of the definition's canonical text
 * (see {@link DefinitionText} for the rules). The same definition built twice, in this run or in
 * another run of the same build, has the same fingerprint; a change to any value, class or captured
 * value the rules reach changes it.
 *
 * <p>Stateless and thread-safe; each call renders the definition afresh, so callers cache.
 */
public final class DefinitionFingerprint {

  private DefinitionFingerprint() {}

  /**
   * The fingerprint of {@code definition}, usually a {@link java.util.SequencedMap} of a view's
   * parts by name.
   */
  public static String of(Object definition) {
    return sha256(canonicalText(definition).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The text that {@link #of} hashes: readable, to compare when a fingerprint changes unexpectedly.
   */
  public static String canonicalText(Object definition) {
    return new DefinitionText().render(definition);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
