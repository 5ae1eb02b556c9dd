package dev.kappa.log;

/** A stream name that no stream has. */
public final class UnknownStreamException extends LogException {

  private final String stream;

  public UnknownStreamException(String stream) {
    super("unknown_stream", "unknown stream '" + stream + "'", null);
    this.stream = stream;
  }

  public String stream() {
    return stream;
  }
}
