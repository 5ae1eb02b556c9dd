package dev.kappa.engine;

import dev.kappa.engine.internal.aggregate.Latest;

/** One record of a table view's source: its key and value, or a null value for a tombstone. */
record TableRow<K, V>(K key, V value) {

  static <K, V> Decoder<TableRow<K, V>> decoder(Decoder<K> key, Decoder<V> value) {
    return record -> {
      if (record.key() == null) {
        throw new IllegalArgumentException("a table record needs a key");
      }
      return new TableRow<>(
          key.decode(record), record.value().remaining() == 0 ? null : value.decode(record));
    };
  }

  static <K, V> Aggregation<TableRow<K, V>, ?, V> latest(Serde<V> valueSerde) {
    return new Latest<TableRow<K, V>, V>(TableRow::value, Serdes.nullable(valueSerde));
  }
}
