package dev.kappa.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.kappa.architecture.fixtures.modules.fake.CleanApi;
import dev.kappa.architecture.fixtures.modules.fake.SignatureLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves {@link PublicSignatureRules} catches each way an internal type can leak into the API. */
class PublicSignatureRulesCatchViolationsTest {

  private static final String FIXTURE_ROOT = "dev.kappa.architecture.fixtures.modules";

  @ParameterizedTest
  @ValueSource(
      classes = {
        SignatureLeaks.InReturnType.class,
        SignatureLeaks.InParameter.class,
        SignatureLeaks.InTypeArgument.class,
        SignatureLeaks.InWildcardBound.class,
        SignatureLeaks.InMethodTypeParameterBound.class,
        SignatureLeaks.InThrowsClause.class,
        SignatureLeaks.InPublicField.class,
        SignatureLeaks.InConstructor.class,
        SignatureLeaks.InProtectedMethod.class,
        SignatureLeaks.InRecordComponent.class,
        SignatureLeaks.ExtendingInternalClass.class,
        SignatureLeaks.ImplementingInternalInterface.class,
        SignatureLeaks.InSupertypeTypeArgument.class,
        SignatureLeaks.InClassTypeParameterBound.class
      })
  void publicSignatureRule_flagsAnInternalTypeInTheApi(Class<?> leak) {
    EvaluationResult result =
        PublicSignatureRules.publicSignaturesDoNotExposeInternalTypes(FIXTURE_ROOT)
            .evaluate(new ClassFileImporter().importClasses(leak));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .allMatch(detail -> detail.startsWith(leak.getName() + " exposes internal type "));
  }

  @Test
  void publicSignatureRule_allowsInternalTypesThatCallersCannotSee() throws Exception {
    Class<?> packagePrivateHelper = Class.forName(CleanApi.class.getName() + "$Helper");

    EvaluationResult result =
        PublicSignatureRules.publicSignaturesDoNotExposeInternalTypes(FIXTURE_ROOT)
            .evaluate(new ClassFileImporter().importClasses(CleanApi.class, packagePrivateHelper));

    assertThat(result.getFailureReport().getDetails()).isEmpty();
  }
}
