package dev.kappa.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional I/O on one segment file that survives interrupted callers.
 *
 * <p>A {@link FileChannel} closes itself for everyone when a thread blocked in it is interrupted,
 * and callers of the log (request threads, executors stopped with {@code shutdownNow}) do get
 * interrupted. So every operation runs with the caller's interrupt flag cleared (and restored
 * afterwards), and if the channel was closed under it by someone else's interrupt, the file is
 * reopened and the operation repeated. Every operation here is positional, so repeating it is safe;
 * an fsync on a new descriptor flushes the same file.
 *
 * <p>Thread-safe. {@link #close()} is final: afterwards operations throw {@link
 * ClosedChannelException}.
 */
final class SegmentChannel implements SegmentScanner.PositionalReader, AutoCloseable {

  @FunctionalInterface
  private interface Operation<T> {
    T run(FileChannel channel) throws IOException;
  }

  private final Path file;
  private volatile FileChannel channel;
  private volatile boolean closed;

  private SegmentChannel(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  static SegmentChannel create(Path file) throws IOException {
    return new SegmentChannel(
        file,
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE));
  }

  static SegmentChannel open(Path file) throws IOException {
    return new SegmentChannel(file, openExisting(file));
  }

  private static FileChannel openExisting(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  @Override
  public int read(ByteBuffer target, long position) throws IOException {
    int start = target.position();
    return run(
        ch -> {
          target.position(start);
          return ch.read(target, position);
        });
  }

  void writeFully(ByteBuffer source, long position) throws IOException {
    int start = source.position();
    run(
        ch -> {
          source.position(start);
          while (source.hasRemaining()) {
            ch.write(source, position + (source.position() - start));
          }
          return null;
        });
  }

  void force(FileSync sync) throws IOException {
    run(
        ch -> {
          sync.force(ch);
          return null;
        });
  }

  void truncate(long size) throws IOException {
    run(ch -> ch.truncate(size));
  }

  long size() throws IOException {
    return run(FileChannel::size);
  }

  private <T> T run(Operation<T> operation) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        FileChannel current = channel;
        try {
          return operation.run(current);
        } catch (ClosedByInterruptException e) {
          interrupted = true;
          Thread.interrupted(); // clear again before retrying
          reopen(current);
        } catch (ClosedChannelException e) {
          if (closed) {
            throw e;
          }
          reopen(current);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void reopen(FileChannel broken) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (channel == broken) {
      channel = openExisting(file);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }
}
