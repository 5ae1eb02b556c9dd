package dev.kappa.server.internal.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.server.internal.http.ApiException;
import dev.kappa.server.internal.http.ErrorCode;
import dev.kappa.server.internal.http.JsonCodec;
import dev.kappa.server.internal.http.MediaTypes;
import dev.kappa.server.internal.ingest.IncomingEvent;
import dev.kappa.server.internal.ingest.IncomingEvent.Unreadable;
import dev.kappa.server.internal.ingest.TooManyEventsException;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads CloudEvents from HTTP requests with the CloudEvents SDK, in the three modes of the HTTP
 * binding: structured ({@code application/cloudevents+json}), batch ({@code
 * application/cloudevents-batch+json}) and binary (attributes in {@code ce-*} headers, the body is
 * the data). Each event becomes an {@link IncomingEvent} whose {@code cloudEvent} map holds every
 * context attribute and extension as a string.
 *
 * <p>JSON envelopes are parsed with the server's limits first ({@link JsonCodec}), then handed to
 * the SDK's Jackson deserializer. Thread-safe.
 */
public final class CloudEventReader {

  /** The headers whose presence marks a binary-mode CloudEvent. */
  public static final List<String> BINARY_HEADERS =
      List.of("ce-specversion", "ce-id", "ce-source", "ce-type");

  private static final String OCTET_STREAM = "application/octet-stream";

  private final JsonCodec json;
  private final ObjectMapper sdkMapper;

  public CloudEventReader(JsonCodec json) {
    this.json = json;
    this.sdkMapper = json.newMapper().registerModule(JsonFormat.getCloudEventJacksonModule());
  }

  /** Whether a request carries a binary-mode CloudEvent, judged by its headers. */
  public static boolean isBinary(Function<String, String> header) {
    return BINARY_HEADERS.stream().anyMatch(name -> header.apply(name) != null);
  }

  /**
   * One structured-mode event.
   *
   * @throws ApiException {@code malformed_json}, {@code json_limits} or {@code invalid_cloudevent}
   */
  public IncomingEvent structured(byte[] body) {
    return fromEnvelope(json.parse(body));
  }

  /**
   * A batch: a JSON array of structured-mode events, possibly empty. An element that is not a valid
   * CloudEvent becomes an {@linkplain IncomingEvent#invalidCloudEvent invalid event}, reported (or
   * dead-lettered) for its index only.
   *
   * @throws ApiException {@code malformed_json} or {@code json_limits} if the body cannot be read
   *     as JSON, {@code invalid_cloudevent} if it is not an array
   * @throws TooManyEventsException if the array holds more than {@code maxEvents} events
   */
  public List<IncomingEvent> batch(byte[] body, int maxEvents) {
    JsonNode root = json.parse(body);
    if (!root.isArray()) {
      throw invalid("a CloudEvents batch must be a JSON array, not " + kind(root), null);
    }
    if (root.size() > maxEvents) {
      throw new TooManyEventsException(maxEvents);
    }
    List<IncomingEvent> events = new ArrayList<>(root.size());
    for (JsonNode envelope : root) {
      try {
        events.add(fromEnvelope(envelope));
      } catch (ApiException e) {
        if (e.code() != ErrorCode.INVALID_CLOUDEVENT) {
          throw e;
        }
        events.add(
            IncomingEvent.invalidCloudEvent(
                json.write(envelope), MediaTypes.CLOUDEVENTS, e.getMessage()));
      }
    }
    return events;
  }

  /**
   * One binary-mode event: attributes from the {@code ce-*} headers, percent-decoded as the HTTP
   * binding requires ({@link PercentEncoding}), {@code datacontenttype} from {@code Content-Type},
   * data from the body.
   *
   * @param headers calls its argument with every request header
   * @throws ApiException {@code invalid_cloudevent}, also for a {@code ce-*} value that
   *     percent-decodes to bytes that are not UTF-8; {@code malformed_json} or {@code json_limits}
   *     if the data is declared JSON but is not
   */
  public IncomingEvent binary(Consumer<BiConsumer<String, String>> headers, byte[] body) {
    Map<String, String> decoded = new LinkedHashMap<>();
    headers.accept((name, value) -> decoded.put(name, decodeIfAttribute(name, value)));
    if (decoded.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("ce-specversion"))) {
      throw invalid("invalid CloudEvent: binary mode needs a ce-specversion header", null);
    }
    CloudEvent event;
    try {
      event = HttpMessageFactory.createReader(decoded::forEach, body).toEvent();
    } catch (RuntimeException e) {
      throw invalid(message(e), e);
    }
    String contentType = event.getDataContentType();
    Map<String, String> attributes = CloudEventAttributes.of(event);
    if (body.length > 0 && contentType != null && MediaTypes.isJson(contentType)) {
      // The body is the data: malformed JSON fails the request, as for application/json.
      return new IncomingEvent(json.parse(body), body, contentType, attributes, null);
    }
    return withData(body, contentType, attributes);
  }

  private IncomingEvent fromEnvelope(JsonNode envelope) {
    if (!envelope.isObject()) {
      throw invalid("invalid CloudEvent: it must be a JSON object, not " + kind(envelope), null);
    }
    CloudEvent event;
    try {
      event = sdkMapper.treeToValue(envelope, CloudEvent.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw invalid(message(e), e);
    }
    String contentType = event.getDataContentType();
    CloudEventData data = event.getData();
    Map<String, String> attributes = CloudEventAttributes.of(event);
    if (data instanceof JsonCloudEventData jsonData) {
      JsonNode node = jsonData.getNode();
      String type = contentType == null ? MediaTypes.JSON : contentType;
      return new IncomingEvent(node, json.write(node), type, attributes, null);
    }
    return withData(data == null ? new byte[0] : data.toBytes(), contentType, attributes);
  }

  /**
   * An event with data bytes: parsed if declared JSON (malformed data is reported for this event
   * only), tried as JSON if no type is declared (kept as bytes if it is not JSON), else bytes.
   */
  private IncomingEvent withData(byte[] raw, String contentType, Map<String, String> attributes) {
    if (raw.length == 0) {
      String type = contentType == null ? MediaTypes.JSON : contentType;
      return new IncomingEvent(null, raw, type, attributes, null);
    }
    if (contentType != null && !MediaTypes.isJson(contentType)) {
      return new IncomingEvent(null, raw, contentType, attributes, null);
    }
    JsonCodec.LineValue parsed = json.parseLine(raw, 1);
    if (contentType != null) {
      return new IncomingEvent(
          parsed.value(), raw, contentType, attributes, Unreadable.malformedJson(parsed.error()));
    }
    return parsed.value() != null
        ? new IncomingEvent(parsed.value(), raw, MediaTypes.JSON, attributes, null)
        : new IncomingEvent(null, raw, OCTET_STREAM, attributes, null);
  }

  private static String decodeIfAttribute(String name, String value) {
    if (value == null || !name.regionMatches(true, 0, "ce-", 0, 3)) {
      return value;
    }
    try {
      return PercentEncoding.decode(value);
    } catch (IllegalArgumentException e) {
      throw invalid("invalid CloudEvent: header " + name + ": " + e.getMessage(), e);
    }
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** The most specific message of an SDK failure, without Jackson's location noise. */
  private static String message(Throwable e) {
    Throwable deepest = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      deepest = t;
    }
    String text =
        deepest instanceof JsonProcessingException jpe
            ? jpe.getOriginalMessage()
            : deepest.getMessage();
    return "invalid CloudEvent: " + (text == null ? deepest.getClass().getSimpleName() : text);
  }

  private static ApiException invalid(String message, Throwable cause) {
    return new ApiException(ErrorCode.INVALID_CLOUDEVENT, message, null, cause);
  }
}
