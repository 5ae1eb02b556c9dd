package dev.kappa.server.internal.http;

import dev.kappa.engine.Serde;
import dev.kappa.server.internal.views.KeyType;
import dev.kappa.server.internal.views.ServedView;
import java.util.Arrays;

/**
 * The order of a view's keys, as the engine stores them: by serialized form, shorter first, then by
 * unsigned bytes. Long and int keys come out in numeric order; string keys by UTF-8 length, then
 * bytes.
 */
final class KeyOrder {

  private KeyOrder() {}

  @SuppressWarnings("unchecked")
  static int compare(ServedView view, Object a, Object b) {
    Serde<Object> serde = (Serde<Object>) view.view().keySerde();
    byte[] x = serde.serialize(a);
    byte[] y = serde.serialize(b);
    return x.length != y.length
        ? Integer.compare(x.length, y.length)
        : Arrays.compareUnsigned(x, y);
  }

  static String describe(KeyType type) {
    return type == KeyType.STRING
        ? "strings by UTF-8 length, then bytes"
        : type.label() + " keys in numeric order";
  }
}
