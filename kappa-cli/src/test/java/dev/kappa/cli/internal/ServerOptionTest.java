package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerOptionTest {

  @Test
  void timeout_takesUnitsOrIso8601_andDefaultsTo30Seconds() {
    assertThat(ServerOption.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ServerOption.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(ServerOption.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ServerOption.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(new ServerOption().timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void timeout_thatIsNotAPositiveDuration_isRefusedNamingTheOption() {
    for (String bad : new String[] {"0s", "30", "soon", "-5s", "PT0S"}) {
      assertThatThrownBy(() -> ServerOption.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--timeout")
          .hasMessageContaining(bad);
    }
  }
}
