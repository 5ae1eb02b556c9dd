package dev.kappa.server.internal.ingest;

import dev.kappa.log.Header;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an event is remembered by in the {@link IdempotencyWindow}.
 *
 * <p>An event of a request with an {@code Idempotency-Key} {@code K} is {@code batch:K#i} (its
 * position in the request) and carries the digest of the whole request: every event's content type,
 * CloudEvents attributes and bytes, in order. A later request with the same key but another digest
 * is not a retry but a reused key, refused rather than mistaken for the original. A CloudEvent
 * without such a key is {@code ce:<source>\0<id>} and has no digest: its id alone names it, so
 * resending it is a retry whatever its content (CloudEvents spec: source+id is unique).
 *
 * <p>Both travel in the record as headers ({@value IdempotencyWindow#HEADER}, {@value
 * #DIGEST_HEADER}), so they are durable with the event and survive restarts.
 *
 * @param key the id
 * @param requestDigest the request digest (hex), or null if there is none or the record was written
 *     before digests were kept
 */
record EventId(String key, String requestDigest) {

  static final String DIGEST_HEADER = "kappa-idempotency-digest";
  private static final String BATCH = "batch:";

  /** The id of event {@code index} of {@code request}, or null if it has none. */
  static EventId of(IngestRequest request, int index, String requestDigest) {
    if (request.idempotencyKey() != null) {
      return new EventId(BATCH + request.idempotencyKey() + "#" + index, requestDigest);
    }
    Map<String, String> ce = request.events().get(index).cloudEvent();
    String id = ce.get("id");
    return id == null ? null : new EventId("ce:" + ce.getOrDefault("source", "") + "\0" + id, null);
  }

  /** The {@code Idempotency-Key} this id was derived from, or null for a CloudEvents id. */
  String idempotencyKey() {
    return key.startsWith(BATCH) ? key.substring(BATCH.length(), key.lastIndexOf('#')) : null;
  }

  /** Whether this id and {@code other} may name the same event: their digests do not differ. */
  boolean sameRequestAs(String otherDigest) {
    return requestDigest == null || otherDigest == null || requestDigest.equals(otherDigest);
  }

  /** Appends this id's headers to {@code headers}. */
  void addHeaders(List<Header> headers) {
    headers.add(new Header(IdempotencyWindow.HEADER, key.getBytes(StandardCharsets.UTF_8)));
    if (requestDigest != null) {
      headers.add(new Header(DIGEST_HEADER, requestDigest.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  /**
   * The digest of a request's events: 128 bits of SHA-256 over each event's content type, sorted
   * CloudEvents attributes and bytes, each length-prefixed so that no two requests share an input.
   */
  static String digest(List<IncomingEvent> events) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(ByteBuffer.allocate(4).putInt(events.size()).flip());
    for (IncomingEvent event : events) {
      update(sha, bytes(event.contentType()));
      TreeMap<String, String> attributes = new TreeMap<>(event.cloudEvent());
      sha.update(ByteBuffer.allocate(4).putInt(attributes.size()).flip());
      attributes.forEach(
          (name, value) -> {
            update(sha, bytes(name));
            update(sha, bytes(value));
          });
      update(sha, event.raw() == null ? new byte[0] : event.raw());
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }

  private static void update(MessageDigest sha, byte[] bytes) {
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).flip());
    sha.update(bytes);
  }

  private static byte[] bytes(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }
}
