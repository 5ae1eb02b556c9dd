package dev.kappa.log.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * How the log makes bytes durable. The default calls {@code fdatasync} through {@link
 * FileChannel#force(boolean)}; tests substitute failures to prove the log fails stop.
 */
public interface FileSync {

  FileSync DEFAULT =
      new FileSync() {
        @Override
        public void force(FileChannel channel) throws IOException {
          channel.force(false);
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
          AtomicFiles.fsyncDirectory(directory);
        }
      };

  void force(FileChannel channel) throws IOException;

  void forceDirectory(Path directory) throws IOException;
}
