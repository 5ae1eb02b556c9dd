package dev.kappa.server.internal.http;

import java.util.List;
import java.util.Locale;

/** Media type names and matching; parameters such as {@code charset} are ignored. */
public final class MediaTypes {

  public static final String JSON = "application/json";
  public static final String NDJSON = "application/x-ndjson";
  public static final String CLOUDEVENTS = "application/cloudevents+json";
  public static final String CLOUDEVENTS_BATCH = "application/cloudevents-batch+json";

  private MediaTypes() {}

  /** The type and subtype of a {@code Content-Type} value, lower case, or "" if absent. */
  public static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a media type carries JSON: {@code application/json}, {@code text/json}, {@code +json}.
   */
  public static boolean isJson(String contentType) {
    String type = essence(contentType);
    return type.equals(JSON) || type.equals("text/json") || type.endsWith("+json");
  }

  /**
   * The error for a body whose type is not accepted.
   *
   * @param accepted the accepted types, named in the message and the {@code accepted} field
   */
  public static ApiException unsupported(String contentType, List<String> accepted) {
    var details = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    accepted.forEach(details.putArray("accepted")::add);
    String given =
        contentType == null || contentType.isBlank() ? "no Content-Type" : "'" + contentType + "'";
    return new ApiException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        given + " is not accepted here; send one of " + String.join(", ", accepted),
        details,
        null);
  }
}
