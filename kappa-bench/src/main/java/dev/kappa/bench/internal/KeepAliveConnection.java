package dev.kappa.bench.internal;

import java.io.BufferedInputStream;
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
 * the next request reconnect.
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
  private byte[] body = new byte[8192];
  private int bodyLength;

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
    return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
  }

  private void connect() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 16 << 10);
    out = new BufferedOutputStream(socket.getOutputStream(), 16 << 10);
  }

  private int readReply() throws IOException {
    String status = line();
    if (status.length() < 12 || !status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closing = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
        contentLength = Long.parseLong(header.substring(15).trim());
      } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
        chunked = header.substring(18).trim().equalsIgnoreCase("chunked");
      } else if (header.regionMatches(true, 0, "connection:", 0, 11)) {
        closing = header.substring(11).trim().equalsIgnoreCase("close");
      }
    }
    bodyLength = 0;
    if (chunked) {
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        readBody(size);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (contentLength >= 0) {
      readBody((int) contentLength);
    } else {
      closing = true; // the body runs to the end of the connection; not expected from Kappa
    }
    if (closing) {
      close();
    }
    return code;
  }

  private int chunkSize() throws IOException {
    String size = line();
    int semicolon = size.indexOf(';');
    return Integer.parseInt(semicolon < 0 ? size.trim() : size.substring(0, semicolon).trim(), 16);
  }

  private void readBody(int length) throws IOException {
    if (bodyLength + length > body.length) {
      body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + length));
    }
    int read = in.readNBytes(body, bodyLength, length);
    if (read < length) {
      throw new EOFException("the reply ended after " + read + " of " + length + " bytes");
    }
    bodyLength += length;
  }

  /** One header line without its CRLF; ASCII. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the server closed the connection");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
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
