package dev.kappa.server.internal.http;

import dev.kappa.log.InvalidStreamNameException;
import dev.kappa.log.StreamConfig;
import dev.kappa.server.internal.ingest.Ingestor;

/**
 * Checks stream names taken from request paths before anything else sees them, so a name can never
 * reach the file system unless it is a safe directory name ({@link StreamConfig#validateName}).
 *
 * <p>Clients may read every stream, but not write Kappa's own: {@code _kappa.*} and the dead-letter
 * streams {@code <stream>.deadletter}, which only the server writes. A new stream's name leaves
 * room for the {@code .deadletter} suffix, so that its dead letters always have a valid stream.
 */
public final class StreamNames {

  /** Streams Kappa keeps for itself, such as the schema registry's; clients may only read them. */
  public static final String RESERVED_PREFIX = "_kappa.";

  /** The longest name of a new stream: with {@code .deadletter} it fits the log's name limit. */
  public static final int MAX_NEW_NAME_LENGTH =
      StreamConfig.MAX_NAME_LENGTH - Ingestor.DEAD_LETTER_SUFFIX.length();

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
    if (name.endsWith(Ingestor.DEAD_LETTER_SUFFIX)) {
      throw new InvalidStreamNameException(
          name,
          "names ending in '"
              + Ingestor.DEAD_LETTER_SUFFIX
              + "' are reserved for the dead letters the server writes; read them, or ingest with"
              + " ?onInvalid=deadletter");
    }
    return name;
  }

  /**
   * @throws InvalidStreamNameException if the name may not be written ({@link #forWrite}) or is
   *     longer than {@value #MAX_NEW_NAME_LENGTH} characters
   */
  public static String forCreate(String name) {
    forWrite(name);
    if (name.length() > MAX_NEW_NAME_LENGTH) {
      throw new InvalidStreamNameException(
          name,
          "a new stream's name is at most "
              + MAX_NEW_NAME_LENGTH
              + " characters, so that its dead-letter stream '<name>"
              + Ingestor.DEAD_LETTER_SUFFIX
              + "' fits the "
              + StreamConfig.MAX_NAME_LENGTH
              + "-character limit; it is "
              + name.length());
    }
    return name;
  }
}
