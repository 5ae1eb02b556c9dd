package dev.kappa.log;

/** Creating a stream whose name is taken. */
public final class StreamExistsException extends LogException {

  public StreamExistsException(String stream) {
    super("stream_exists", "stream '" + stream + "' already exists", null);
  }
}
