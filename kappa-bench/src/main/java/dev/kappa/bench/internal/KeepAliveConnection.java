package dev.kappa.bench.internal;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One HTTP/1.1 keep-alive connection on a blocking socket, one request at a time: the cheapest
 * client this JVM can run, so that a load generator sharing the server's cores takes little of them
 * (no selector thread, no futures, requests encoded once up front). Replies may carry a {@code
 * Content-Length} or be chunked; a reply with {@code Connection: close}, or any I/O error, makes
 * the next request reconnect. Replies are read into one buffer and delimited by {@link
 * ReplyParser}.
 *
 * <p>Not thread-safe: one connection per thread.
 */
final class KeepAliveConnection implements AutoCloseable {

  private final String host;
  private final int port;
  private final String hostHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private byte[] reply = new byte[16 << 10];
  private int bodyStart;
  private int replyLength;

  KeepAliveConnection(URI server) {
    this.host = server.getHost();
    this.port = server.getPort();
    this.hostHeader = host + ":" + port;
  }

  /** The bytes of {@code GET path}, to encode once and send many times. */
  byte[] get(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The header bytes of a {@code POST path} whose body is {@code length} bytes of NDJSON. */
  byte[] postNdjson(String path, int length) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + hostHeader
            + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: "
            + length
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends {@code head} then {@code length} bytes of {@code payload}, and reads the whole reply.
   *
   * @return the reply's status; its body is {@link #bodyText} until the next request
   * @throws IOException if the connection failed; it is closed, and the next request reconnects
   */
  int send(byte[] head, byte[] payload, int length) throws IOException {
    try {
      if (socket == null) {
        connect();
      }
      out.write(head);
      if (length > 0) {
        out.write(payload, 0, length);
      }
      out.flush();
      return readReply();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** The body of the last reply, for error messages. */
  String bodyText() {
    return new String(reply, bodyStart, replyLength - bodyStart, StandardCharsets.UTF_8);
  }

  /**
   * The whole number in the last reply's body right after the first {@code "name":}, or -1 if there
   * is none: a field of a small JSON answer, without parsing all of it.
   */
  long numberField(String name) {
    byte[] pattern = ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    int last = replyLength - pattern.length;
    for (int at = bodyStart; at <= last; at++) {
      if (Arrays.equals(reply, at, at + pattern.length, pattern, 0, pattern.length)) {
        long value = -1;
        for (int i = at + pattern.length; i < replyLength; i++) {
          int digit = reply[i] - '0';
          if (digit < 0 || digit > 9) {
            break;
          }
          value = Math.max(value, 0) * 10 + digit;
        }
        return value;
      }
    }
    return -1;
  }

  private void connect() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = new BufferedOutputStream(socket.getOutputStream(), 16 << 10);
  }

  private int readReply() throws IOException {
    int read = 0;
    while (true) {
      if (read == reply.length) {
        reply = Arrays.copyOf(reply, reply.length * 2);
      }
      int n = in.read(reply, read, reply.length - read);
      if (n < 0) {
        throw new EOFException("the server closed the connection after " + read + " bytes");
      }
      read += n;
      ReplyParser.Reply parsed;
      try {
        parsed = ReplyParser.parse(reply, read);
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage(), e);
      }
      if (parsed != null) {
        bodyStart = parsed.bodyStart();
        replyLength = parsed.length();
        if (parsed.closing() || parsed.length() != read) {
          close(); // bytes beyond the one reply asked for: start a clean connection
        }
        return parsed.status();
      }
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
