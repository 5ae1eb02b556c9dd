package dev.kappa.log.internal;

import dev.kappa.log.Header;
import dev.kappa.log.LogRecord;
import dev.kappa.log.RecordView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reusable {@link RecordView} that walks the records of CRC-checked frames. It keeps two
 * read-only windows onto the frame buffer and moves them instead of slicing, so the hot path
 * allocates nothing per record.
 *
 * <p>Not thread-safe; one cursor per {@code forEach} call.
 */
final class RecordCursor implements RecordView {

  private final int partition;
  private final ByteBuffer frames;
  private final ByteBuffer keyWindow;
  private final ByteBuffer valueWindow;
  private long offset;
  private long eventTime;
  private long appendTime;
  private boolean hasKey;
  private int headersAt;
  private int headerCount;

  RecordCursor(int partition, ByteBuffer frames) {
    this.partition = partition;
    this.frames = frames.duplicate();
    this.keyWindow = frames.asReadOnlyBuffer();
    this.valueWindow = frames.asReadOnlyBuffer();
  }

  /**
   * Decodes the record at {@code at} of a frame; returns the position just past it.
   *
   * @throws IllegalStateException if the record's bytes do not parse (a corrupt frame)
   */
  int decode(int at, long offset, long baseTimestamp, long appendTime) {
    ByteBuffer in = frames;
    in.limit(in.capacity()).position(at);
    int body = Varints.readUnsignedInt(in);
    int end = in.position() + body;
    if (body < 0 || end > in.capacity()) {
      throw new IllegalStateException("record length " + body + " runs past the frame");
    }
    in.limit(end);
    this.offset = offset;
    this.appendTime = appendTime;
    this.eventTime = baseTimestamp + Varints.readSignedLong(in);
    int keyLength = Varints.readSignedInt(in);
    hasKey = keyLength >= 0;
    if (hasKey) {
      window(keyWindow, in.position(), keyLength, end);
      in.position(in.position() + keyLength);
    }
    int valueLength = Varints.readUnsignedInt(in);
    window(valueWindow, in.position(), valueLength, end);
    in.position(in.position() + valueLength);
    headerCount = Varints.readUnsignedInt(in);
    headersAt = in.position();
    if (headerCount > end - headersAt) {
      throw new IllegalStateException("header count " + headerCount + " runs past the record");
    }
    return end;
  }

  private static void window(ByteBuffer window, int from, int length, int end) {
    if (length < 0 || from + length > end) {
      throw new IllegalStateException("field length " + length + " runs past the frame");
    }
    window.limit(from + length).position(from);
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public long eventTime() {
    return eventTime;
  }

  @Override
  public long appendTime() {
    return appendTime;
  }

  @Override
  public ByteBuffer key() {
    return hasKey ? keyWindow : null;
  }

  @Override
  public ByteBuffer value() {
    return valueWindow;
  }

  @Override
  public List<Header> headers() {
    if (headerCount == 0) {
      return List.of();
    }
    ByteBuffer in = frames.duplicate().position(headersAt);
    List<Header> headers = new ArrayList<>(headerCount);
    for (int i = 0; i < headerCount; i++) {
      byte[] key = new byte[Varints.readUnsignedInt(in)];
      in.get(key);
      int valueLength = Varints.readSignedInt(in);
      byte[] value = null;
      if (valueLength >= 0) {
        value = new byte[valueLength];
        in.get(value);
      }
      headers.add(new Header(new String(key, StandardCharsets.UTF_8), value));
    }
    return headers;
  }

  @Override
  public LogRecord toLogRecord() {
    return new LogRecord(
        partition, offset, eventTime, appendTime, copy(key()), copy(value()), headers());
  }

  private static byte[] copy(ByteBuffer window) {
    if (window == null) {
      return null;
    }
    byte[] bytes = new byte[window.remaining()];
    window.duplicate().get(bytes);
    return bytes;
  }
}
