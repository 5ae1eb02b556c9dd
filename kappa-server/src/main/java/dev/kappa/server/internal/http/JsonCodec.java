package dev.kappa.server.internal.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON in and out of the API. Every parse goes through one {@link JsonFactory} whose {@link
 * StreamReadConstraints} hold the configured nesting depth, string length and number length, so no
 * input can make the server build an arbitrarily deep or large tree.
 *
 * <p>Thread-safe: the mapper is configured once, before first use.
 */
public final class JsonCodec {

  private final ObjectMapper mapper;
  private final int maxNestingDepth;
  private final int maxStringLength;
  private final int maxNumberLength;

  public JsonCodec(int maxNestingDepth, int maxStringLength, int maxNumberLength) {
    this.maxNestingDepth = maxNestingDepth;
    this.maxStringLength = maxStringLength;
    this.maxNumberLength = maxNumberLength;
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(maxNestingDepth)
            .maxStringLength(maxStringLength)
            .maxNumberLength(maxNumberLength)
            .build();
    // Requests run on virtual threads, which the default thread-local buffer pool would give
    // fresh buffers every time: a shared pool reuses them across requests.
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();
    // Floats are read as BigDecimal so that Avro decimals keep every digit they were sent with.
    this.mapper =
        new ObjectMapper(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  }

  /** A mapper with the same limits, for libraries that parse with their own Jackson modules. */
  public ObjectMapper newMapper() {
    return mapper.copy();
  }

  public ObjectNode object() {
    return mapper.createObjectNode();
  }

  /**
   * Parses a whole body as one JSON value.
   *
   * @throws ApiException {@code malformed_json} (with line and column) or {@code json_limits}
   */
  public JsonNode parse(byte[] body) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException | NumberFormatException e) {
      // NumberFormatException: a float BigDecimal refuses, such as 0e46251417400 (found by fuzzing)
      throw failure(e, 0);
    }
    if (node == null || node.isMissingNode()) {
      throw new ApiException(ErrorCode.MALFORMED_JSON, "the body is empty; expected a JSON value");
    }
    return node;
  }

  /**
   * Parses one line of an NDJSON body.
   *
   * @param lineNumber the line's number in the body, from 1, for messages
   * @return the value, or the reason the line is malformed
   * @throws ApiException {@code json_limits} if the line breaks a limit: limits guard the server,
   *     so they fail the whole request rather than one event
   */
  public LineValue parseLine(byte[] line, int lineNumber) {
    try {
      return new LineValue(mapper.readTree(line), null);
    } catch (IOException | NumberFormatException e) {
      ApiException failure = failure(e, lineNumber - 1);
      if (failure.code() == ErrorCode.JSON_LIMITS) {
        throw failure;
      }
      return new LineValue(null, failure.getMessage());
    }
  }

  /**
   * One parsed line: exactly one of the fields is non-null.
   *
   * @param value the JSON value
   * @param error why the line is not JSON, naming its line and column
   */
  public record LineValue(JsonNode value, String error) {}

  /**
   * The error a Jackson exception means: {@code json_limits} if a stream read constraint was
   * broken, else {@code malformed_json} at the exception's location.
   *
   * @param lineOffset added to the reported line, for input that is part of a larger body
   */
  public ApiException failure(Exception e, int lineOffset) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException limit) {
        return limitsFailure(limit);
      }
    }
    if (e instanceof JsonProcessingException json) {
      JsonLocation location = json.getLocation();
      ObjectNode details = object();
      String where = "";
      if (location != null && location.getLineNr() > 0) {
        details.put("line", location.getLineNr() + lineOffset);
        details.put("column", location.getColumnNr());
        where =
            " at line "
                + (location.getLineNr() + lineOffset)
                + ", column "
                + location.getColumnNr();
      }
      return new ApiException(
          ErrorCode.MALFORMED_JSON,
          "malformed JSON" + where + ": " + json.getOriginalMessage(),
          details,
          e);
    }
    return new ApiException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + e.getMessage(), null, e);
  }

  private ApiException limitsFailure(StreamConstraintsException e) {
    String message = String.valueOf(e.getOriginalMessage());
    String lower = message.toLowerCase(java.util.Locale.ROOT);
    String limit;
    int max;
    if (lower.contains("nesting depth")) {
      limit = "json.maxNestingDepth";
      max = maxNestingDepth;
    } else if (lower.contains("string value length")) {
      limit = "json.maxStringLength";
      max = maxStringLength;
    } else if (lower.contains("number value length")) {
      limit = "json.maxNumberLength";
      max = maxNumberLength;
    } else {
      limit = "json";
      max = -1;
    }
    ObjectNode details = object().put("limit", limit);
    if (max >= 0) {
      details.put("max", max);
    }
    return new ApiException(
        ErrorCode.JSON_LIMITS,
        "the JSON breaks the limit " + limit + (max >= 0 ? " (" + max + ")" : "") + ": " + message,
        details,
        e);
  }

  public byte[] write(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one JSON value through a streaming generator. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator generator) throws IOException;
  }

  /** The bytes {@code writer} writes, for answers too hot to build as a tree first. */
  public byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator generator = mapper.createGenerator(bytes, JsonEncoding.UTF8)) {
      writer.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Parses JSON the server produced itself, such as a schema's canonical text. */
  public JsonNode readTrusted(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
