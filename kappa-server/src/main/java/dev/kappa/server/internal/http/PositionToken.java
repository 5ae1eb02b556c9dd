package dev.kappa.server.internal.http;

import dev.kappa.engine.PartitionProgress;
import dev.kappa.engine.ViewProgress;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A position in the log that a client can ask a query to have caught up with: for some partitions
 * of some streams, an offset that the view's committed state must have reached (the first offset
 * not yet required, so 0 asks for nothing). An ingest reply carries the position after its events;
 * every state answer carries the position its results reflect.
 *
 * <p>As text: unpadded base64url of version byte {@code 1}, then an unsigned short count of
 * streams, and per stream its UTF-8 name (unsigned short length, bytes), an int count of partitions
 * and per partition an int partition and a long offset; all big-endian. Streams and partitions are
 * in ascending order, so equal positions have equal tokens.
 *
 * @param offsets per stream, per partition, the offset the state must reach
 */
record PositionToken(Map<String, Map<Integer, Long>> offsets) {

  static final byte VERSION = 1;

  PositionToken {
    Map<String, Map<Integer, Long>> sorted = new TreeMap<>();
    offsets.forEach((stream, partitions) -> sorted.put(stream, new TreeMap<>(partitions)));
    offsets = sorted;
  }

  /** One partition's offset in a position. */
  record Entry(String stream, int partition, long offset) {}

  /** The position a view's committed state reflects. */
  static PositionToken of(ViewProgress progress) {
    Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
    for (PartitionProgress p : progress.partitions()) {
      offsets.computeIfAbsent(p.stream(), s -> new TreeMap<>()).put(p.partition(), p.nextOffset());
    }
    return new PositionToken(offsets);
  }

  /** Each partition with its offset, by stream then partition. */
  List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    offsets.forEach(
        (stream, partitions) ->
            partitions.forEach(
                (partition, offset) -> entries.add(new Entry(stream, partition, offset))));
    entries.sort(Comparator.comparing(Entry::stream).thenComparingInt(Entry::partition));
    return entries;
  }

  String format() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeShort(offsets.size());
      for (Map.Entry<String, Map<Integer, Long>> stream : offsets.entrySet()) {
        byte[] name = stream.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeShort(name.length);
        out.write(name);
        out.writeInt(stream.getValue().size());
        for (Map.Entry<Integer, Long> p : stream.getValue().entrySet()) {
          out.writeInt(p.getKey());
          out.writeLong(p.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  /**
   * The position {@code text} stands for.
   *
   * @throws ApiException {@code invalid_position_token} if it is not a token of this format
   */
  static PositionToken parse(String text) {
    try {
      ByteBuffer in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(text.strip()));
      byte version = in.get();
      if (version != VERSION) {
        throw invalid(text, "it has format version " + version + "; this server reads " + VERSION);
      }
      int streams = Short.toUnsignedInt(in.getShort());
      Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
      for (int s = 0; s < streams; s++) {
        byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(name);
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 12) {
          throw invalid(text, "its partition count is corrupt");
        }
        Map<Integer, Long> partitions = new TreeMap<>();
        for (int i = 0; i < count; i++) {
          int partition = in.getInt();
          long offset = in.getLong();
          if (partition < 0 || offset < 0) {
            throw invalid(text, "it names a negative partition or offset");
          }
          partitions.put(partition, offset);
        }
        offsets.put(new String(name, StandardCharsets.UTF_8), partitions);
      }
      if (in.hasRemaining()) {
        throw invalid(text, "it has trailing bytes");
      }
      return new PositionToken(offsets);
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      throw invalid(text, "it is not base64url of a position");
    }
  }

  private static ApiException invalid(String text, String why) {
    return new ApiException(
        ErrorCode.INVALID_POSITION_TOKEN,
        "position '"
            + text
            + "' is not a position token ("
            + why
            + "); pass the position of an ingest reply or of a state answer unchanged");
  }
}
