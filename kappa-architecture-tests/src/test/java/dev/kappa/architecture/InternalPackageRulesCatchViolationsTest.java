package dev.kappa.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.kappa.architecture.fixtures.modules.fake.CleanApi;
import dev.kappa.architecture.fixtures.modules.fake.internal.FakeEngine;
import dev.kappa.architecture.fixtures.modules.other.ReachesIntoFakeInternals;
import org.junit.jupiter.api.Test;

/** Proves {@link InternalPackageRules} fails on fixtures that break it, and only on those. */
class InternalPackageRulesCatchViolationsTest {

  private static final String FIXTURE_ROOT = "dev.kappa.architecture.fixtures.modules";

  @Test
  void internalPackagesRule_flagsAnotherModuleUsingAnInternalType() {
    EvaluationResult result =
        InternalPackageRules.internalPackagesArePrivateToTheirModule(FIXTURE_ROOT)
            .evaluate(
                new ClassFileImporter()
                    .importClasses(ReachesIntoFakeInternals.class, FakeEngine.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(detail -> detail.contains(ReachesIntoFakeInternals.class.getName()))
        .allMatch(detail -> detail.contains("internal to module 'fake'"));
  }

  @Test
  void internalPackagesRule_allowsAModuleToUseItsOwnInternals() {
    EvaluationResult result =
        InternalPackageRules.internalPackagesArePrivateToTheirModule(FIXTURE_ROOT)
            .evaluate(new ClassFileImporter().importClasses(CleanApi.class, FakeEngine.class));

    assertThat(result.getFailureReport().getDetails()).isEmpty();
  }
}
