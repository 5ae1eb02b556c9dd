package dev.kappa.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForbiddenLibrariesTest {

  @Test
  void jqwik_isNotOnTheClasspath() {
    assertThat(ForbiddenLibraries.presentOn(getClass().getClassLoader(), ForbiddenLibraries.JQWIK))
        .as("jqwik classes on the test classpath")
        .isEmpty();
  }
}
