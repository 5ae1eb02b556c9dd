package dev.kappa.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Prints an on-demand query's answer as a table: {@code KEY WINDOW_START WINDOW_END VALUE}, one row
 * per result in the server's order, then a line with what was scanned. A missing key or window
 * prints as {@code -}. Stateless.
 */
final class QueryTable {

  private QueryTable() {}

  static void print(PrintWriter out, JsonNode answer) {
    JsonNode results = answer.path("results");
    int keyWidth = 3;
    for (JsonNode r : results) {
      keyWidth = Math.max(keyWidth, text(r.path("key")).length());
    }
    String row = "%-" + keyWidth + "s  %-24s  %-24s  %s%n";
    out.printf(row, "KEY", "WINDOW_START", "WINDOW_END", "VALUE");
    for (JsonNode r : results) {
      JsonNode w = r.path("window");
      out.printf(
          row,
          text(r.path("key")),
          text(w.path("start")),
          text(w.path("end")),
          r.path("value").isValueNode() ? r.path("value").asText() : r.path("value").toString());
    }
    out.printf(
        "%d results; scanned %d records, matched %d events (%d lacked a field, %d undecodable) in"
            + " %d ms; query %s%n",
        results.size(),
        answer.path("scanned").asLong(),
        answer.path("matched").asLong(),
        answer.path("missingField").asLong(),
        answer.path("undecodable").asLong(),
        answer.path("elapsedMs").asLong(),
        answer.path("id").asText());
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "-" : node.asText();
  }
}
