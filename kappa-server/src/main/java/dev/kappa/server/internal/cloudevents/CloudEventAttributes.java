package dev.kappa.server.internal.cloudevents;

import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CloudEvent's context attributes and extensions as strings, the way the HTTP binding writes them
 * in headers: times as RFC 3339, binary values as base64, everything else as its text.
 */
final class CloudEventAttributes {

  private CloudEventAttributes() {}

  static Map<String, String> of(CloudEvent event) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("specversion", event.getSpecVersion().toString());
    for (String name : event.getAttributeNames()) {
      Object value = event.getAttribute(name);
      if (value != null) {
        out.put(name, text(value));
      }
    }
    for (String name : event.getExtensionNames()) {
      Object value = event.getExtension(name);
      if (value != null) {
        out.putIfAbsent(name, text(value));
      }
    }
    return out;
  }

  private static String text(Object value) {
    return switch (value) {
      case OffsetDateTime time -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
      case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
      case URI uri -> uri.toString();
      default -> value.toString();
    };
  }
}
