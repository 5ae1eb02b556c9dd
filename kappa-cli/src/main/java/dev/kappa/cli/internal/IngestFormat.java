package dev.kappa.cli.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How {@code kappa ingest} frames its input lines into request bodies. Every format reads one event
 * per input line; they differ in the {@code Content-Type} sent and in how many events one request
 * carries.
 */
enum IngestFormat {
  /** {@code application/x-ndjson}: a batch is its lines, each ending in a newline. */
  NDJSON("application/x-ndjson", false),
  /** {@code application/json}: the server takes one event per request, so a batch is one line. */
  JSON("application/json", true),
  /** {@code application/cloudevents-batch+json}: a batch is a JSON array of structured events. */
  CLOUDEVENTS_BATCH("application/cloudevents-batch+json", false);

  private final String mediaType;
  private final boolean oneEventPerRequest;

  IngestFormat(String mediaType, boolean oneEventPerRequest) {
    this.mediaType = mediaType;
    this.oneEventPerRequest = oneEventPerRequest;
  }

  String mediaType() {
    return mediaType;
  }

  boolean oneEventPerRequest() {
    return oneEventPerRequest;
  }

  /**
   * The format of a {@code --content-type} value.
   *
   * @throws IllegalArgumentException naming the accepted types
   */
  static IngestFormat of(String mediaType) {
    for (IngestFormat f : values()) {
      if (f.mediaType.equalsIgnoreCase(mediaType.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "--content-type must be one of "
            + Arrays.stream(values()).map(IngestFormat::mediaType).collect(Collectors.joining(", "))
            + ", was '"
            + mediaType
            + "'");
  }

  /** The request body holding {@code events}, each the bytes of one input line. */
  byte[] body(List<byte[]> events) {
    int size = events.stream().mapToInt(e -> e.length + 1).sum() + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    switch (this) {
      case NDJSON ->
          events.forEach(
              e -> {
                out.writeBytes(e);
                out.write('\n');
              });
      case JSON -> out.writeBytes(events.getFirst());
      case CLOUDEVENTS_BATCH -> {
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          out.writeBytes(events.get(i));
        }
        out.write(']');
      }
    }
    return out.toByteArray();
  }
}
