package dev.kappa.engine;

import java.nio.charset.StandardCharsets;

/**
 * The value the test views aggregate: a key, a long, a double and an item name, carried in a
 * record's value as {@code key,amount,real,item} (the double in Java's round-trip text form).
 * Immutable.
 */
record Payload(String key, long amount, double real, String item) {

  static Payload parse(String text) {
    String[] fields = text.split(",", -1);
    if (fields.length != 4) {
      throw new IllegalArgumentException("expected 4 fields, got " + fields.length);
    }
    return new Payload(
        fields[0], Long.parseLong(fields[1]), Double.parseDouble(fields[2]), fields[3]);
  }

  byte[] encode() {
    return (key + "," + amount + "," + real + "," + item).getBytes(StandardCharsets.UTF_8);
  }
}
