package dev.kappa.log;

/** A stream name that breaks the naming rules of {@link StreamConfig}. */
public final class InvalidStreamNameException extends LogException {

  private final String name;

  public InvalidStreamNameException(String name, String reason) {
    super("invalid_stream_name", "invalid stream name '" + name + "': " + reason, null);
    this.name = name;
  }

  public String name() {
    return name;
  }
}
