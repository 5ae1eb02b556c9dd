package dev.kappa.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {

  private static List<String> lines(String body) {
    return NdjsonLines.split(body.getBytes(StandardCharsets.UTF_8)).stream()
        .map(l -> l.number() + ":" + new String(l.bytes(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void split_numbersLinesCountingBlankOnes_andSkipsBlankLines() {
    assertThat(lines("a\n\n  \nb\n")).containsExactly("1:a", "4:b");
  }

  @Test
  void split_stripsCrlf_andKeepsALastLineWithoutTerminator() {
    assertThat(lines("a\r\nb\r\nc")).containsExactly("1:a", "2:b", "3:c");
  }

  @Test
  void split_emptyOrBlankBody_hasNoLines() {
    assertThat(lines("")).isEmpty();
    assertThat(lines("\n\r\n \t\n")).isEmpty();
  }

  @Test
  void split_keepsInnerWhitespaceAndMultibyteCharacters() {
    assertThat(lines(" {\"é\": \"😀\"} \n")).containsExactly("1: {\"é\": \"😀\"} ");
  }
}
