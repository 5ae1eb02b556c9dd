package dev.kappa.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.engine.internal.JsonDocuments;
import dev.kappa.log.RecordView;

/**
 * {@link Decoders#json()}: a record's value as one JSON document. A record of the definition
 * vocabulary, so a view's fingerprint names it rather than hashing how it parses: a faster parser
 * in a later release computes the same trees and must not make every JSON view a new definition.
 *
 * <p>Thread-safe.
 */
record JsonDecoder() implements Decoder<JsonNode> {

  @Override
  public JsonNode decode(RecordView record) {
    return JsonDocuments.parse(record.value());
  }
}
