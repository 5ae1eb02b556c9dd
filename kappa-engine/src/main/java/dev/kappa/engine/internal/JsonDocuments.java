package dev.kappa.engine.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Parses record values, one JSON document each, into Jackson trees: the same trees {@code
 * ObjectMapper.readTree} builds, without its per-call set-up. A plain parse of a 100-byte click
 * allocates about 800 bytes of parser (parser, contexts, symbol table, buffers) before the tree
 * itself; a replay of a JSON stream spent more than half its allocation there. Here each thread
 * keeps one non-blocking parser and feeds it document after document.
 *
 * <p><b>What a value must be.</b> Exactly one JSON value, with optional whitespace around it;
 * anything after it, or a value cut short, is an error ({@link UncheckedIOException}). Empty or
 * blank content is {@link MissingNode}, as {@code readTree} gives.
 *
 * <p><b>Invariants.</b> A thread's parser has consumed everything fed to it between calls. It is
 * replaced after an error (its state is then unknown), after {@value #RENEW_EVERY} documents (its
 * field-name table only grows, and keys of JSON maps can be unbounded), and a value larger than
 * {@value #KEPT_BUFFER_BYTES} bytes is not kept buffered.
 *
 * <p>Thread-safe: each thread has its own parser, through a {@link ThreadLocal}.
 */
public final class JsonDocuments {

  static final int RENEW_EVERY = 10_000;
  static final int KEPT_BUFFER_BYTES = 64 << 10;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadLocal<Reader> READERS = ThreadLocal.withInitial(Reader::new);

  private JsonDocuments() {}

  /**
   * The tree of the JSON document in {@code value}'s remaining bytes; the buffer's position is not
   * changed.
   *
   * @throws UncheckedIOException if the bytes are not exactly one JSON value
   */
  public static JsonNode parse(ByteBuffer value) {
    return READERS.get().read(value);
  }

  /** One thread's parser and the buffer it reads from. Not thread-safe. */
  private static final class Reader {

    private byte[] buffer = new byte[1024];
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private int documents;

    /** Bytes fed to the parser since it was created: where each document starts in its input. */
    private long fed;

    JsonNode read(ByteBuffer value) {
      // A byte order mark: readTree skips one before any document, the parser only before its
      // first, so it is dropped here.
      int skip = hasByteOrderMark(value) ? 3 : 0;
      int length = value.remaining() - skip;
      // One space after the value ends a number at the root, which the parser cannot tell is
      // complete until it sees what follows.
      byte[] bytes = length < buffer.length ? buffer : new byte[length + 1];
      value.get(value.position() + skip, bytes, 0, length);
      bytes[length] = ' ';
      if (length < KEPT_BUFFER_BYTES) {
        buffer = bytes;
      }
      try {
        if (parser == null || documents >= RENEW_EVERY) {
          renew();
        }
        documents++;
        long base = fed;
        fed += length + 1;
        feeder.feedInput(bytes, 0, length + 1);
        JsonToken first = parser.nextToken();
        if (first == JsonToken.NOT_AVAILABLE) {
          if (blank(bytes, 0, length)) {
            return MissingNode.getInstance();
          }
          throw new JsonParseException(parser, "the JSON value is cut short");
        }
        JsonNode tree = JSON.readTree(parser);
        if (!parser.getParsingContext().inRoot()) {
          // Out of input inside an object or array: the tree reader stops there without failing.
          throw new JsonParseException(parser, "the JSON value is cut short");
        }
        // Whatever follows the value must be whitespace. The parser would take anything else as
        // the start of a next value, which may itself be cut short (`{} "x`) and then run on into
        // the next record, so it is checked here, on the bytes.
        long end = parser.currentLocation().getByteOffset() - base;
        if (end < 0 || !blank(bytes, (int) Math.min(end, length), length)) {
          throw new JsonParseException(parser, "more than one JSON value");
        }
        if (parser.nextToken() != JsonToken.NOT_AVAILABLE) {
          throw new JsonParseException(parser, "more than one JSON value");
        }
        return tree;
      } catch (IOException | RuntimeException e) {
        parser = null; // its state after a failure is unknown
        throw new UncheckedIOException("record value is not JSON: " + message(e), ioException(e));
      }
    }

    private static boolean hasByteOrderMark(ByteBuffer value) {
      int at = value.position();
      return value.remaining() >= 3
          && value.get(at) == (byte) 0xEF
          && value.get(at + 1) == (byte) 0xBB
          && value.get(at + 2) == (byte) 0xBF;
    }

    private void renew() throws IOException {
      if (parser != null) {
        parser.close();
      }
      parser = JSON.getFactory().createNonBlockingByteArrayParser();
      feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
      documents = 0;
      fed = 0;
    }

    /** Whether {@code bytes[from, to)} are all JSON whitespace. */
    private static boolean blank(byte[] bytes, int from, int to) {
      for (int i = from; i < to; i++) {
        byte b = bytes[i];
        if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
          return false;
        }
      }
      return true;
    }

    private static String message(Exception e) {
      return e instanceof StreamReadException s ? s.getOriginalMessage() : e.getMessage();
    }

    private static IOException ioException(Exception e) {
      return e instanceof IOException io ? io : new IOException(e);
    }
  }
}
