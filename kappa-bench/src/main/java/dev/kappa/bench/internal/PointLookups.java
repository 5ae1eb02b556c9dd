package dev.kappa.bench.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keep-alive connections that each send one point lookup at a time, round the {@link ClickServer}'s
 * pages, until stopped: a closed-loop load generator driven by one event-loop thread over
 * non-blocking sockets, the way {@code wrk} drives a server. One thread and one selector cost far
 * fewer context switches and system calls per query than a blocking thread per connection, which
 * matters because the generator shares the server's cores. Queries that start while {@link
 * #recording} is on count: their latency, and whether they failed (an I/O error, a malformed reply
 * or a status other than 200); a failed connection reconnects.
 *
 * <p>Thread-safe to switch and stop; read the results after stopping.
 */
final class PointLookups implements AutoCloseable {

  private static final int KEPT_FAILURES = 3;

  private final List<byte[]> requests;
  private final InetSocketAddress address;
  private final int connections;
  private final Latencies latencies = new Latencies();
  private final List<String> failures = new ArrayList<>();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private volatile boolean recording;
  private volatile boolean stopped;

  private PointLookups(ClickServer server, int connections) {
    String host = server.uri().getHost();
    int port = server.uri().getPort();
    String hostHeader = host + ":" + port;
    this.requests =
        server.lookupPaths().stream()
            .map(
                path ->
                    ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII))
            .toList();
    this.address = new InetSocketAddress(host, port);
    this.connections = connections;
    this.thread = Thread.ofPlatform().name("bench-lookups").unstarted(this::loop);
  }

  /** Starts {@code connections} connections querying, not yet recording. */
  static PointLookups start(ClickServer server, int connections) {
    PointLookups lookups = new PointLookups(server, connections);
    lookups.thread.start();
    return lookups;
  }

  /** One connection's state: the query in flight and the reply bytes read so far. */
  private final class Connection {
    private final int first;
    private SocketChannel channel;
    private SelectionKey key;
    private int next;
    private long started;
    private boolean counts;
    private ByteBuffer out;
    private byte[] in = new byte[16 << 10];
    private int read;

    Connection(int first) {
      this.first = first;
      this.next = first;
    }

    void open(Selector selector) throws IOException {
      channel = SocketChannel.open(address);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      key = channel.register(selector, 0, this);
    }

    void send() throws IOException {
      counts = recording;
      started = System.nanoTime();
      out = ByteBuffer.wrap(requests.get(next));
      next = (next + 1) % requests.size();
      read = 0;
      write();
    }

    void write() throws IOException {
      channel.write(out);
      key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Reads what arrived; true when a whole reply is in. */
    boolean readReply() throws IOException {
      if (read == in.length) {
        in = Arrays.copyOf(in, in.length * 2);
      }
      int n = channel.read(ByteBuffer.wrap(in, read, in.length - read));
      if (n < 0) {
        throw new IOException("the server closed the connection");
      }
      read += n;
      ReplyParser.Reply reply = ReplyParser.parse(in, read);
      if (reply == null) {
        return false;
      }
      long latency = System.nanoTime() - started;
      if (counts) {
        latencies.add(latency);
        if (reply.status() != 200) {
          fail(
              reply.status()
                  + " "
                  + new String(in, 0, Math.min(read, 600), StandardCharsets.UTF_8));
        }
      }
      if (reply.closing() || reply.length() != read) {
        // A closing server, or bytes beyond the one reply asked for: start a clean connection.
        reconnect(key.selector());
      }
      return true;
    }

    void reconnect(Selector selector) throws IOException {
      close();
      open(selector);
    }

    void failed(Exception e, Selector selector) {
      if (counts) {
        latencies.add(System.nanoTime() - started);
        fail(e.toString());
      }
      try {
        reconnect(selector);
        send();
      } catch (IOException again) {
        // The server is gone: the loop ends with this connection closed.
        close();
      }
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        channel = null;
      }
    }
  }

  private void loop() {
    List<Connection> open = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int c = 0; c < connections; c++) {
        // Spread the connections round the keys, so they do not ask for the same page at once.
        Connection connection = new Connection((int) ((long) c * requests.size() / connections));
        open.add(connection);
        connection.open(selector);
        connection.send();
      }
      while (!stopped) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Connection connection = (Connection) key.attachment();
          try {
            if (key.isWritable()) {
              connection.write();
            } else if (key.isReadable() && connection.readReply()) {
              connection.send();
            }
          } catch (IOException | RuntimeException e) {
            connection.failed(e, selector);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      fail("the client could not connect: " + e);
    } finally {
      open.forEach(Connection::close);
    }
  }

  private void fail(String why) {
    if (failed.incrementAndGet() <= KEPT_FAILURES) {
      synchronized (failures) {
        failures.add(why.length() <= 300 ? why : why.substring(0, 300) + "…");
      }
    }
  }

  /** Whether queries starting from now on are counted. */
  void recording(boolean on) {
    recording = on;
  }

  /** The client thread, for {@link CpuTime}. */
  List<Thread> threads() {
    return List.of(thread);
  }

  /** Counted queries that failed. */
  long failed() {
    return failed.get();
  }

  /** The first few failures' status and body, or exception. */
  List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** Every counted query's latency in ns, sorted ascending; call after {@link #stop}. */
  long[] latencies() {
    return Latencies.sorted(List.of(latencies));
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops every connection and waits for the loop to end; the results are then complete. */
  void stop() {
    stopped = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
