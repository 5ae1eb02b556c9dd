package dev.kappa.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringsTest {

  @Test
  void problem_ofDecodableQueries_isNone() {
    assertThat(QueryStrings.problem(null)).isNull();
    assertThat(QueryStrings.problem("")).isNull();
    assertThat(QueryStrings.problem("key=%2Fcart&limit=3")).isNull();
    assertThat(QueryStrings.problem("key=caf%C3%A9+au+lait")).isNull();
    assertThat(QueryStrings.problem("key=%f0%9f%98%80")).isNull();
  }

  @Test
  void problem_ofABrokenEscape_namesWhere() {
    assertThat(QueryStrings.problem("key=%zz")).contains("index 4", "two hex digits");
    assertThat(QueryStrings.problem("key=a%2")).contains("index 5");
    assertThat(QueryStrings.problem("key=%")).contains("index 4");
    assertThat(QueryStrings.problem("key=%\uFF11\uFF12"))
        .as("fullwidth digits")
        .contains("index 4");
  }

  @Test
  void problem_ofEscapesThatAreNotUtf8_saysSo() {
    assertThat(QueryStrings.problem("key=%C3%28")).contains("not UTF-8");
    assertThat(QueryStrings.problem("key=%FF")).contains("not UTF-8");
  }
}
