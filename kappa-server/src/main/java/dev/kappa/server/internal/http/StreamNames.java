package dev.kappa.server.internal.http;

import dev.kappa.log.InvalidStreamNameException;
import dev.kappa.log.StreamConfig;

/**
 * Checks stream names taken from request paths before anything else sees them, so a name can never
 * reach the file system unless it is a safe directory name ({@link StreamConfig#validateName}).
 */
public final class StreamNames {

  /** Streams Kappa keeps for itself, such as the schema registry's; clients may only read them. */
  public static final String RESERVED_PREFIX = "_kappa.";

  private StreamNames() {}

  /**
   * @throws InvalidStreamNameException if the name breaks the naming rules
   */
  public static String forRead(String name) {
    StreamConfig.validateName(name);
    return name;
  }

  /**
   * @throws InvalidStreamNameException if the name breaks the naming rules or is reserved
   */
  public static String forWrite(String name) {
    forRead(name);
    if (name.startsWith(RESERVED_PREFIX)) {
      throw new InvalidStreamNameException(
          name,
          "names starting with '" + RESERVED_PREFIX + "' are reserved for Kappa's own streams");
    }
    return name;
  }
}
