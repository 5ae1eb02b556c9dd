package dev.kappa.server.internal.query;

/**
 * A scalar field value read from an event: its text, and for a number its value as a double.
 * Booleans and strings have {@link #numeric()} false. Immutable.
 *
 * @param text the value as text: a string's characters, a number's JSON text ({@code 3}, {@code
 *     2.5}), {@code true} or {@code false}
 * @param number the number, or NaN if the value is not a number
 * @param numeric whether the value is a number
 */
record FieldValue(String text, double number, boolean numeric) {

  static FieldValue text(String text) {
    return new FieldValue(text, Double.NaN, false);
  }

  static FieldValue number(String text, double number) {
    return new FieldValue(text, number, true);
  }
}
