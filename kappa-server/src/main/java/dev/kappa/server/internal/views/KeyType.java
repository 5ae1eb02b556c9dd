package dev.kappa.server.internal.views;

import dev.kappa.engine.Serde;
import dev.kappa.engine.Serdes;

/**
 * The type of a view's keys, as far as the server can tell from its key {@link Serde}: the serdes
 * of {@link Serdes} for strings, longs and ints are recognised (each factory returns instances of
 * one class), any other serde is {@link #UNKNOWN}. The type decides how a key given as text in a
 * query is parsed.
 */
public enum KeyType {
  STRING,
  LONG,
  INT,
  UNKNOWN;

  private static final Class<?> STRINGS = Serdes.string().getClass();
  private static final Class<?> LONGS = Serdes.longs().getClass();
  private static final Class<?> INTS = Serdes.ints().getClass();

  public static KeyType of(Serde<?> serde) {
    Class<?> type = serde.getClass();
    if (type == STRINGS) {
      return STRING;
    }
    if (type == LONGS) {
      return LONG;
    }
    return type == INTS ? INT : UNKNOWN;
  }

  /**
   * The key {@code text} stands for.
   *
   * @throws IllegalArgumentException if it is not a number of this type, or the type is {@link
   *     #UNKNOWN}
   */
  public Object parse(String text) {
    try {
      return switch (this) {
        case STRING -> text;
        case LONG -> Long.parseLong(text.strip());
        case INT -> Integer.parseInt(text.strip());
        case UNKNOWN -> throw new IllegalArgumentException("keys of an unknown type");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "key '" + text + "' is not " + (this == LONG ? "a long" : "an int") + " integer", e);
    }
  }

  /** The name in the API: {@code string}, {@code long}, {@code int} or {@code unknown}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
