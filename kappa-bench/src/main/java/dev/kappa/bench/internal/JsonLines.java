package dev.kappa.bench.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kappa.bench.Measurement;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints measurements as one JSON object per line. Thread-safe. */
public final class JsonLines {

  /** Writes decimals plainly: {@code 15539566.6}, never {@code 1.55395666E7}. */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private JsonLines() {}

  /** Prints {@code m} as one line and flushes, so a reader sees each result as it comes. */
  /** Prints each of {@code group} as a JSON line, and adds it to {@code printed}. */
  public static void printAll(PrintStream out, List<Measurement> group, List<Measurement> printed) {
    for (Measurement m : group) {
      print(out, m);
      printed.add(m);
    }
  }

  public static void print(PrintStream out, Measurement m) {
    Map<String, Object> fields = new LinkedHashMap<>();
    m.toFields()
        .forEach((k, v) -> fields.put(k, v instanceof Double d ? BigDecimal.valueOf(d) : v));
    try {
      out.println(MAPPER.writeValueAsString(fields));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write measurement " + m.name() + " as JSON", e);
    }
  }
}
