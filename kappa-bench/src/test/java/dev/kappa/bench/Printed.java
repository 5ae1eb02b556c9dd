package dev.kappa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a benchmark printed: one JSON object per line. */
final class Printed {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Printed() {}

  static List<JsonNode> lines(ByteArrayOutputStream bytes) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(MAPPER.readTree(line));
    }
    return lines;
  }
}
