package dev.kappa.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  @Test
  void size_acceptsBytesAndBinarySuffixes() {
    assertThat(ConfigValues.size("k", "512")).isEqualTo(512);
    assertThat(ConfigValues.size("k", "64KiB")).isEqualTo(64 * 1024);
    assertThat(ConfigValues.size("k", "16 MiB")).isEqualTo(16L * 1024 * 1024);
    assertThat(ConfigValues.size("k", "2mb")).isEqualTo(2L * 1024 * 1024);
    assertThat(ConfigValues.size("k", "1GiB")).isEqualTo(1L << 30);
  }

  @Test
  void size_refusesOtherTextAndOverflow() {
    assertThatThrownBy(() -> ConfigValues.size("maxBodyBytes", "-1"))
        .hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> ConfigValues.size("k", "1TiB")).hasMessageContaining("k");
    assertThatThrownBy(() -> ConfigValues.size("k", "99999999999999999999GiB"))
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> ConfigValues.intSize("k", "4GiB")).hasMessageContaining("k");
  }

  @Test
  void duration_acceptsIsoOrMillis() {
    assertThat(ConfigValues.duration("k", "PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConfigValues.duration("k", "P1D")).isEqualTo(Duration.ofDays(1));
    assertThat(ConfigValues.duration("k", " 250 ")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> ConfigValues.duration("idleTimeout", "30s"))
        .hasMessageContaining("idleTimeout")
        .hasMessageContaining("ISO-8601");
  }
}
