package dev.kappa.log.internal;

import dev.kappa.log.LogIOException;
import dev.kappa.log.LogLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-writer-per-directory lock: an OS file lock on {@code kappa.lock}, whose content names the
 * holder ({@code pid=… host=… since=…}) so that a second writer's error can say who holds it. The
 * OS drops the lock when the holder dies, even by SIGKILL.
 *
 * <p>POSIX record locks belong to the process and vanish when <em>any</em> descriptor of the file
 * is closed. So a second opener in the same JVM must never touch the file: directories this JVM
 * holds are tracked in {@link #HELD} and refused before any file is opened.
 */
final class DirectoryLock implements AutoCloseable {

  static final String FILE = "kappa.lock";

  private static final ConcurrentHashMap<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path directory, Instant now) {
    Path key;
    try {
      key = directory.toRealPath();
    } catch (IOException e) {
      throw new LogIOException("cannot resolve data directory " + directory, e);
    }
    String me = "pid=" + ProcessHandle.current().pid() + " host=" + hostName() + " since=" + now;
    String holder = HELD.putIfAbsent(key, me);
    if (holder != null) {
      throw new LogLockedException(directory, holder);
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              key.resolve(FILE),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String other = readHolder(channel);
        throw new LogLockedException(directory, other.isEmpty() ? "holder unknown" : other);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      return new DirectoryLock(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      HELD.remove(key);
      if (e instanceof IOException io) {
        throw new LogIOException("cannot lock data directory " + directory, io);
      }
      throw (RuntimeException) e;
    }
  }

  private static String readHolder(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
      // keep reading
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      HELD.remove(key);
    }
  }
}
