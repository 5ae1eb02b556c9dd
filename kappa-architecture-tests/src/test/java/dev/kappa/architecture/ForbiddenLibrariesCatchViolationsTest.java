package dev.kappa.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.architecture.fixtures.classpath.PretendForbiddenLibrary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves {@link ForbiddenLibraries} reports a class that is on the classpath. */
class ForbiddenLibrariesCatchViolationsTest {

  @Test
  void presentOn_reportsOnlyTheClassesThatCanBeLoaded() {
    String present = PretendForbiddenLibrary.class.getName();
    String absent = "dev.kappa.architecture.fixtures.classpath.NoSuchClass";

    assertThat(ForbiddenLibraries.presentOn(getClass().getClassLoader(), List.of(absent, present)))
        .containsExactly(present);
  }
}
