package dev.kappa.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.kappa.architecture.fixtures.clock.log.LogOptions;
import dev.kappa.architecture.fixtures.clock.log.internal.InjectedClockSegment;
import dev.kappa.architecture.fixtures.clock.log.internal.WallClockReaders;
import dev.kappa.architecture.fixtures.exit.cli.Main;
import dev.kappa.architecture.fixtures.exit.engine.ProcessEnders;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves {@link DeterminismRules} catches process exits and wall-clock reads, and only those. */
class DeterminismRulesCatchViolationsTest {

  private static final ArchRule EXIT_RULE =
      DeterminismRules.processExitOnlyIn(Main.class.getName());

  private static final ArchRule CLOCK_RULE =
      DeterminismRules.noWallClockIn(
          "dev.kappa.architecture.fixtures.clock.log..", Set.of(LogOptions.class.getName()));

  @ParameterizedTest
  @ValueSource(
      classes = {
        ProcessEnders.SystemExit.class,
        ProcessEnders.RuntimeExit.class,
        ProcessEnders.RuntimeHalt.class,
        ProcessEnders.SystemExitInALambda.class,
        ProcessEnders.SystemExitByMethodReference.class
      })
  void exitRule_flagsAClassOtherThanTheCliMainEndingTheProcess(Class<?> exiting) {
    EvaluationResult result = EXIT_RULE.evaluate(new ClassFileImporter().importClasses(exiting));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .allMatch(detail -> detail.contains(exiting.getName()));
  }

  @Test
  void exitRule_allowsTheCliMainAndClassesThatDoNotEndTheProcess() {
    EvaluationResult result =
        EXIT_RULE.evaluate(new ClassFileImporter().importClasses(Main.class, ProcessEnders.class));

    assertThat(result.getFailureReport().getDetails()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        WallClockReaders.CurrentTimeMillis.class,
        WallClockReaders.InstantNow.class,
        WallClockReaders.InstantNowByMethodReference.class,
        WallClockReaders.LocalDateTimeNowInAZone.class,
        WallClockReaders.ClockSystemUtc.class,
        WallClockReaders.ClockSystemDefaultZone.class
      })
  void clockRule_flagsTheLogReadingTheWallClock(Class<?> reader) {
    EvaluationResult result = CLOCK_RULE.evaluate(new ClassFileImporter().importClasses(reader));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .allMatch(detail -> detail.contains(reader.getName()));
  }

  @Test
  void clockRule_allowsTheListedExceptionAndAnInjectedClock() {
    EvaluationResult result =
        CLOCK_RULE.evaluate(
            new ClassFileImporter()
                .importClasses(
                    LogOptions.class, LogOptions.Builder.class, InjectedClockSegment.class));

    assertThat(result.getFailureReport().getDetails()).isEmpty();
  }
}
