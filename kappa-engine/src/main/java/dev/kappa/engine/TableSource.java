package dev.kappa.engine;

import java.util.Objects;

/**
 * A stream read as a table inside a view: the latest value per record key, where a record with an
 * empty value deletes its key (a tombstone). Used by {@link EventStream#joinTable}.
 *
 * @param stream the stream
 * @param keyDecoder decodes a record's key
 * @param keySerde the key's bytes, which must equal the join key's bytes for matching rows
 * @param valueDecoder decodes a non-empty value
 * @param valueSerde stores rows
 */
public record TableSource<K, V>(
    String stream,
    Decoder<K> keyDecoder,
    Serde<K> keySerde,
    Decoder<V> valueDecoder,
    Serde<V> valueSerde) {

  public TableSource {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(keyDecoder, "keyDecoder");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueDecoder, "valueDecoder");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  public static <K, V> TableSource<K, V> of(
      String stream,
      Decoder<K> keyDecoder,
      Serde<K> keySerde,
      Decoder<V> valueDecoder,
      Serde<V> valueSerde) {
    return new TableSource<>(stream, keyDecoder, keySerde, valueDecoder, valueSerde);
  }
}
