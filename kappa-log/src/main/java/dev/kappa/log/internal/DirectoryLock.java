package dev.kappa.log.internal;

import dev.kappa.log.LogIOException;
import dev.kappa.log.LogLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The one-writer-per-directory lock: an OS file lock on {@code kappa.lock}, whose content names the
 * holder ({@code pid=… host=… since=…}) so that a second writer's error can say who holds it. The
 * OS drops the lock when the holder dies, even by SIGKILL.
 */
final class DirectoryLock implements AutoCloseable {

  static final String FILE = "kappa.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path directory, Instant now) {
    Path file = directory.resolve(FILE);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another log in this JVM
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new LogLockedException(directory, holder.isEmpty() ? "holder unknown" : holder);
      }
      String me = "pid=" + ProcessHandle.current().pid() + " host=" + hostName() + " since=" + now;
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      return new DirectoryLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new LogIOException("cannot lock data directory " + directory, e);
    }
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
    lock.release();
    channel.close();
  }
}
