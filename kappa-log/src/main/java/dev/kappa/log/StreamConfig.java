package dev.kappa.log;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a stream is: its name, its partition count and its retention.
 *
 * <p>A name is 1 to {@value #MAX_NAME_LENGTH} characters from {@code [A-Za-z0-9._-]}; it may not
 * start with a dot or contain {@code ..}, so it is always safe as a directory name.
 *
 * @param name the stream name
 * @param partitions the number of partitions, 1 to {@value #MAX_PARTITIONS}
 * @param retention how long records are kept
 */
public record StreamConfig(String name, int partitions, RetentionPolicy retention) {

  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_PARTITIONS = 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  public StreamConfig {
    validateName(name);
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "stream '" + name + "': partitions must be 1.." + MAX_PARTITIONS + ", was " + partitions);
    }
    Objects.requireNonNull(retention, "retention");
  }

  /** A stream kept forever. */
  public static StreamConfig of(String name, int partitions) {
    return new StreamConfig(name, partitions, RetentionPolicy.forever());
  }

  /**
   * Checks a stream name.
   *
   * @throws InvalidStreamNameException naming the rule it breaks
   */
  public static void validateName(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidStreamNameException(String.valueOf(name), "it is empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidStreamNameException(
          name.substring(0, 40) + "…",
          "it is " + name.length() + " characters long, the limit is " + MAX_NAME_LENGTH);
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidStreamNameException(
          name, "only letters, digits, '.', '_' and '-' are allowed");
    }
    if (name.startsWith(".") || name.contains("..")) {
      throw new InvalidStreamNameException(name, "it may not start with '.' or contain '..'");
    }
  }
}
