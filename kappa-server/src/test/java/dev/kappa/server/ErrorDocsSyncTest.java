package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.server.internal.http.ErrorCode;
import dev.kappa.server.internal.http.Route;
import dev.kappa.server.internal.openapi.ApiOperation;
import dev.kappa.server.internal.openapi.ApiOperation.ErrorResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error codes each route declares are the ones the OpenAPI document lists for it ({@code
 * x-error-codes}) and the ones docs/http-api.md lists for it; every code is in the docs.
 */
class ErrorDocsSyncTest {

  /** Codes every route can answer with; the docs state them once instead of on every row. */
  private static final Set<String> SHARED = Set.of("payload_too_large", "internal");

  private static final Pattern ROW =
      Pattern.compile("^\\| `(GET|PUT|POST|DELETE) ([^`]+)` \\| (.*) \\|$");
  private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");

  @TempDir Path dir;

  @Test
  void eachRoutesErrorCodes_areTheOnesOpenApiAndTheDocsList() throws IOException {
    try (TestServer server = TestServer.start(dir)) {
      JsonNode doc = server.get("/openapi.json").json();
      Map<String, List<String>> declared = new LinkedHashMap<>();
      for (Route route : server.server.routes()) {
        ApiOperation op = route.operation();
        List<String> codes = op.errors().stream().map(ErrorResponse::code).toList();
        declared.put(op.method() + " " + op.path(), codes);

        List<String> inOpenApi = new ArrayList<>();
        doc.path("paths")
            .path(op.path())
            .path(op.method().toLowerCase(Locale.ROOT))
            .path("responses")
            .forEach(r -> r.path("x-error-codes").forEach(c -> inOpenApi.add(c.asText())));
        assertThat(inOpenApi).as(op.method() + " " + op.path()).hasSameElementsAs(codes);
      }

      Map<String, Set<String>> documented = documentedByEndpoint();
      Map<String, Set<String>> expected = new LinkedHashMap<>();
      declared.forEach(
          (route, codes) ->
              expected.put(
                  route,
                  codes.stream()
                      .filter(c -> !SHARED.contains(c))
                      .collect(Collectors.toCollection(LinkedHashSet::new))));
      assertThat(documented)
          .as("docs/http-api.md, 'Errors by endpoint'; expected rows:%n%s", rows(expected))
          .isEqualTo(expected);
    }
  }

  @Test
  void everyErrorCode_isInTheDocs() throws IOException {
    String docs = Files.readString(docsFile());
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(docs).as(code.code()).contains("`" + code.code() + "`");
    }
  }

  private static Map<String, Set<String>> documentedByEndpoint() throws IOException {
    Map<String, Set<String>> documented = new LinkedHashMap<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(docsFile())) {
      if (line.startsWith("#")) {
        inSection = line.equals("### Errors by endpoint");
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (inSection && row.matches()) {
        Set<String> codes = new LinkedHashSet<>();
        Matcher code = CODE.matcher(row.group(3));
        while (code.find()) {
          codes.add(code.group(1));
        }
        documented.put(row.group(1) + " " + row.group(2), codes);
      }
    }
    return documented;
  }

  private static String rows(Map<String, Set<String>> expected) {
    StringBuilder rows = new StringBuilder();
    expected.forEach(
        (route, codes) -> {
          rows.append("| `").append(route).append("` | ");
          rows.append(String.join(", ", codes.stream().map(c -> "`" + c + "`").toList()));
          rows.append(" |\n");
        });
    return rows.toString();
  }

  private static Path docsFile() {
    Path here = Path.of("").toAbsolutePath();
    while (!Files.exists(here.resolve("docs/http-api.md"))) {
      here = here.getParent();
    }
    return here.resolve("docs/http-api.md");
  }
}
