package dev.kappa.cli.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One answer of the server whose body is read as it arrives, for long NDJSON answers. Closing it
 * closes the body, which abandons whatever of it was not read.
 *
 * @param status the HTTP status
 * @param body the body, open until closed
 */
public record HttpStream(int status, InputStream body) implements AutoCloseable {

  /**
   * This answer if it is a success.
   *
   * @throws ServerCallException carrying the error's code and message otherwise; the body is read
   *     and closed then
   */
  public HttpStream orThrow() {
    if (status >= 200 && status < 300) {
      return this;
    }
    try (this) {
      throw new HttpReply(status, body.readAllBytes()).toException();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the server's error answer", e);
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // nothing more will be read from it
    }
  }
}
