package dev.kappa.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.kappa.architecture.fixtures.layers.cli.CliCommand;
import dev.kappa.architecture.fixtures.layers.engine.EngineReachingUp;
import dev.kappa.architecture.fixtures.layers.log.LogReachingUp;
import dev.kappa.architecture.fixtures.layers.log.LogStore;
import dev.kappa.architecture.fixtures.layers.sql.SqlPlanner;
import dev.kappa.architecture.fixtures.layers.stray.Stray;
import org.junit.jupiter.api.Test;

/** Proves {@link LayerRules} fails when a module reaches up, and only then. */
class LayerRulesCatchViolationsTest {

  private static final String FIXTURE_ROOT = "dev.kappa.architecture.fixtures.layers";

  private static EvaluationResult evaluate(Class<?>... classes) {
    return LayerRules.modulesDependOnlyOnLowerLayers(FIXTURE_ROOT)
        .evaluate(new ClassFileImporter().importClasses(classes));
  }

  @Test
  void layerRule_allowsAnUpperModuleToUseALowerOneWhileOtherModulesAreMissing() {
    assertThat(evaluate(CliCommand.class, LogStore.class).getFailureReport().getDetails())
        .isEmpty();
  }

  @Test
  void layerRule_flagsTheLogDependingOnTheCli() {
    EvaluationResult result = evaluate(LogReachingUp.class, CliCommand.class, LogStore.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(detail -> detail.contains(LogReachingUp.class.getName()));
  }

  @Test
  void layerRule_flagsTheEngineDependingOnSql() {
    EvaluationResult result = evaluate(EngineReachingUp.class, SqlPlanner.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(detail -> detail.contains(EngineReachingUp.class.getName()));
  }

  @Test
  void layerRule_flagsAClassThatBelongsToNoKnownModule() {
    EvaluationResult result = evaluate(Stray.class, LogStore.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(detail -> detail.contains(Stray.class.getName()));
  }
}
