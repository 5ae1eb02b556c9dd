package dev.kappa.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP spoken by hand over a socket, for what a well-behaved client cannot do: declare a length it
 * never sends, or stall mid-body.
 */
final class RawHttp implements AutoCloseable {

  private final Socket socket;

  RawHttp(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code head} (request line and headers, without the blank line) and a body prefix. */
  RawHttp send(String head, byte[] bodyPrefix) {
    sendBytes((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return sendBytes(bodyPrefix);
  }

  /** Sends bytes as they are, such as an unfinished request head. */
  RawHttp sendBytes(byte[] bytes) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the server sends until it closes the connection or {@code timeout} passes.
   *
   * @param closed set to whether the server closed the connection
   */
  String readUntilClosed(Duration timeout, boolean[] closed) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + timeout.toNanos();
    closed[0] = false;
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          break;
        }
        if (n < 0) {
          closed[0] = true;
          break;
        }
        received.write(buffer, 0, n);
      }
    } catch (IOException e) {
      closed[0] = true; // reset by the server
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  /** The status code of a raw response, or -1 if there is none. */
  static int status(String response) {
    if (!response.startsWith("HTTP/1.1 ")) {
      return -1;
    }
    return Integer.parseInt(response.substring(9, 12));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test socket
    }
  }
}
