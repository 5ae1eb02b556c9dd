package dev.kappa.bench.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Keep-alive connections that each send one point lookup at a time, round the {@link ClickServer}'s
 * pages, until stopped, driven by one event-loop thread over non-blocking sockets, the way {@code
 * wrk} drives a server. One thread and one selector cost far fewer context switches and system
 * calls per query than a blocking thread per connection, which matters because the generator shares
 * the server's cores.
 *
 * <p>Two ways to load the server:
 *
 * <ul>
 *   <li><b>Closed loop</b> ({@link #start}): each connection sends its next query as soon as its
 *       answer arrives. The server is saturated, so this measures how many queries it answers per
 *       second; the latency is then set by the number of connections (Little's law), not by the
 *       server alone.
 *   <li><b>Paced</b> ({@link #paced}), an open loop as {@code wrk2} runs it: queries are due at a
 *       fixed rate, whatever the answers do, and each is sent on an idle connection when due (all
 *       busy: it waits for one). A query's latency runs from when it was <em>due</em>, not from
 *       when it was sent, so a server that stalls is charged for every query it held back, not just
 *       for the one in flight (no coordinated omission). This measures the latency clients see at a
 *       given load.
 * </ul>
 *
 * <p>Queries due while {@link #recording} is on count: their latency, and whether they failed (an
 * I/O error, a malformed reply or a status other than 200); a failed connection reconnects. A
 * counted query still unanswered when the loop stops counts too, with the time it had waited so
 * far: the slowest queries are not dropped for being slow.
 *
 * <p>Thread-safe to switch and stop; read the results after stopping.
 */
final class PointLookups implements AutoCloseable {

  private static final int KEPT_FAILURES = 3;

  private final List<byte[]> requests;
  private final InetSocketAddress address;
  private final int connections;

  /** Queries due per second, or 0 for a closed loop. */
  private final int rate;

  private final Latencies latencies = new Latencies();
  private final List<String> failures = new ArrayList<>();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;

  /** Paced: connections with no query in flight, in the order they became idle. Loop-owned. */
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();

  /** Queries due from here ({@link System#nanoTime}) to {@link #recordUntil} count. */
  private volatile long recordFrom = Long.MAX_VALUE;

  private volatile long recordUntil = Long.MAX_VALUE;

  private volatile boolean stopped;

  private PointLookups(ClickServer server, int connections, int rate) {
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
    this.rate = rate;
    this.thread = Thread.ofPlatform().name("bench-lookups").unstarted(this::loop);
  }

  /** Starts {@code connections} connections querying, not yet recording. */
  static PointLookups start(ClickServer server, int connections) {
    return started(new PointLookups(server, connections, 0));
  }

  /**
   * Starts sending {@code rate} queries a second on up to {@code connections} connections, not yet
   * recording.
   */
  static PointLookups paced(ClickServer server, int connections, int rate) {
    if (rate < 1) {
      throw new IllegalArgumentException("the rate must be positive, was " + rate);
    }
    return started(new PointLookups(server, connections, rate));
  }

  private static PointLookups started(PointLookups lookups) {
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
    private boolean inFlight;
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

    /** Sends the next query, due at {@code due} ({@link System#nanoTime}): its latency's start. */
    void send(long due) throws IOException {
      counts = due >= recordFrom && due < recordUntil;
      started = due;
      inFlight = true;
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
      inFlight = false;
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

    /**
     * Done with a query: in a closed loop, sends the next at once; paced, waits idle for the next
     * one due.
     */
    void goOn() throws IOException {
      if (rate == 0) {
        send(System.nanoTime());
      } else {
        idle.add(this);
      }
    }

    void reconnect(Selector selector) throws IOException {
      close();
      open(selector);
    }

    /**
     * The connection failed: counts the query in flight, if any, as failed, and reconnects. A paced
     * connection with no query in flight is already idle, waiting for one (the server closed it).
     */
    void failed(Exception e, Selector selector) {
      boolean wasInFlight = inFlight;
      inFlight = false;
      if (wasInFlight && counts) {
        latencies.add(System.nanoTime() - started);
        fail(e.toString());
      }
      try {
        reconnect(selector);
        if (rate == 0 || wasInFlight) {
          goOn(); // a paced connection not in flight is already idle
        }
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
        connection.goOn();
      }
      if (rate == 0) {
        closedLoop(selector);
      } else {
        pacedLoop(selector);
      }
    } catch (IOException e) {
      fail("the client could not connect: " + e);
    } finally {
      long now = System.nanoTime();
      for (Connection connection : open) {
        if (connection.inFlight && connection.counts) {
          latencies.add(now - connection.started); // unanswered yet: at least this slow
        }
        connection.close();
      }
    }
  }

  private void closedLoop(Selector selector) throws IOException {
    while (!stopped) {
      selector.select(100);
      handleReady(selector);
    }
  }

  /**
   * Sends each query when it is due, every {@code 1/rate} s from the start. Until the next is due
   * it waits on the selector, so answers are read as they arrive; but the selector's timeout is in
   * whole milliseconds, so for a shorter wait it parks instead, and an answer that arrives
   * meanwhile is read at the next due time, less than a millisecond later, which only adds to the
   * latency measured.
   */
  private void pacedLoop(Selector selector) throws IOException {
    long interval = Math.max(1, 1_000_000_000L / rate);
    long due = System.nanoTime();
    while (!stopped) {
      selector.selectNow();
      handleReady(selector);
      long now = System.nanoTime();
      while (due <= now && !idle.isEmpty()) {
        Connection connection = idle.poll();
        try {
          connection.send(due);
        } catch (IOException | RuntimeException e) {
          connection.failed(e, selector);
        }
        due += interval;
      }
      long wait = due - now;
      if (wait <= 0) {
        selector.select(1); // every connection busy: wait for an answer
      } else if (wait >= 1_000_000) {
        selector.select(wait / 1_000_000);
      } else {
        LockSupport.parkNanos(wait);
      }
    }
    // Queries due while recording but never sent, every connection busy: as slow as that.
    long now = System.nanoTime();
    for (long unsent = due; unsent < Math.min(now, recordUntil); unsent += interval) {
      if (unsent >= recordFrom) {
        latencies.add(now - unsent);
      }
    }
  }

  /** Writes and reads what the selector found ready; a connection done with a query goes on. */
  private void handleReady(Selector selector) {
    for (SelectionKey key : selector.selectedKeys()) {
      Connection connection = (Connection) key.attachment();
      try {
        if (key.isWritable()) {
          connection.write();
        } else if (key.isReadable() && connection.readReply()) {
          connection.goOn();
        }
      } catch (IOException | RuntimeException e) {
        connection.failed(e, selector);
      }
    }
    selector.selectedKeys().clear();
  }

  private void fail(String why) {
    if (failed.incrementAndGet() <= KEPT_FAILURES) {
      synchronized (failures) {
        failures.add(why.length() <= 300 ? why : why.substring(0, 300) + "…");
      }
    }
  }

  /** Whether queries due from now on are counted. */
  void recording(boolean on) {
    if (on) {
      recordUntil = Long.MAX_VALUE;
      recordFrom = System.nanoTime();
    } else {
      recordUntil = System.nanoTime();
    }
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
