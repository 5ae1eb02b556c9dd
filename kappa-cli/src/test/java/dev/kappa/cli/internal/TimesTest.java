package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimesTest {

  // 2024-05-01T12:00:00Z, computed by hand: 19844 days * 86400000 + 12 * 3600000.
  private static final long NOON = 19844L * 86_400_000L + 12 * 3_600_000L;

  @Test
  void parse_epochMillis_isTakenAsIs() {
    assertThat(Times.parse("1714564800000")).isEqualTo(1714564800000L);
    assertThat(Times.parse("-5")).isEqualTo(-5);
  }

  @Test
  void parse_isoForms_allMeanTheSameInstant() {
    assertThat(Times.parse("2024-05-01T12:00:00Z")).isEqualTo(NOON);
    assertThat(Times.parse("2024-05-01T14:00:00+02:00")).isEqualTo(NOON);
    assertThat(Times.parse("2024-05-01T12:00:00")).isEqualTo(NOON);
    assertThat(Times.parse("2024-05-01T12:00:00.250Z")).isEqualTo(NOON + 250);
    assertThat(Times.parse("2024-05-01")).isEqualTo(NOON - 12 * 3_600_000L);
  }

  @Test
  void parse_garbage_failsWithAHint() {
    assertThatThrownBy(() -> Times.parse("noon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch milliseconds or ISO-8601");
    assertThatThrownBy(() -> Times.parse("99999999999999999999"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
