package dev.kappa.log.internal;

import dev.kappa.log.CorruptLogException;
import dev.kappa.log.RetentionPolicy;
import dev.kappa.log.StreamConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * A stream's {@code stream.properties}: {@code format.version=1}, {@code name}, {@code partitions},
 * and optional {@code retention.ms} and {@code retention.bytes}. Written atomically and durably.
 */
final class StreamMetadata {

  static final String FILE = "stream.properties";

  private StreamMetadata() {}

  static void write(Path streamDirectory, StreamConfig config) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("format.version=1\n");
    text.append("name=").append(config.name()).append('\n');
    text.append("partitions=").append(config.partitions()).append('\n');
    RetentionPolicy retention = config.retention();
    if (retention.maxAge() != null) {
      text.append("retention.ms=").append(retention.maxAge().toMillis()).append('\n');
    }
    if (retention.maxBytes() > 0) {
      text.append("retention.bytes=").append(retention.maxBytes()).append('\n');
    }
    AtomicFiles.write(
        streamDirectory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8), true);
  }

  static StreamConfig read(Path streamDirectory) throws IOException {
    Path file = streamDirectory.resolve(FILE);
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    try {
      if (!"1".equals(p.getProperty("format.version"))) {
        throw new IllegalArgumentException(
            "unknown format.version " + p.getProperty("format.version"));
      }
      String ms = p.getProperty("retention.ms");
      String bytes = p.getProperty("retention.bytes");
      RetentionPolicy retention =
          new RetentionPolicy(
              ms == null ? null : Duration.ofMillis(Long.parseLong(ms)),
              bytes == null ? -1 : Long.parseLong(bytes));
      return new StreamConfig(
          p.getProperty("name"), Integer.parseInt(p.getProperty("partitions")), retention);
    } catch (RuntimeException e) {
      throw new CorruptLogException(file, 0, "unreadable stream metadata: " + e.getMessage());
    }
  }
}
