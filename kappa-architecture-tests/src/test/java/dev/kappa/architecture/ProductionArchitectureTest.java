package dev.kappa.architecture;

import static dev.kappa.architecture.KappaPackages.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import java.util.List;
import java.util.Set;

/**
 * The architecture rules, checked against the production classes of every Kappa module on this
 * module's test classpath (the reactor's jars or class directories); test classes are excluded.
 */
@AnalyzeClasses(packages = ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ProductionArchitectureTest {

  /** Modules whose production classes must be imported, or the rules would pass vacuously. */
  private static final List<String> MODULES_ON_THE_CLASSPATH =
      List.of("log", "schema", "engine", "testkit", "server", "bench", "cli");

  /** The only class that may end the process. */
  private static final String CLI_MAIN = ROOT + ".cli.Main";

  /** The log's classes that may read the wall clock: the default Clock lives in LogOptions. */
  private static final Set<String> LOG_WALL_CLOCK_EXCEPTIONS = Set.of(ROOT + ".log.LogOptions");

  @ArchTest
  static void productionImport_containsEveryModuleAndNoTestClasses(JavaClasses classes) {
    for (String module : MODULES_ON_THE_CLASSPATH) {
      assertThat(classes.stream().map(JavaClass::getPackageName))
          .as("production classes of module %s", module)
          .anyMatch(name -> KappaPackages.moduleOf(ROOT, name).orElse("").equals(module));
    }
    assertThat(classes.stream().map(JavaClass::getName))
        .as("test classes")
        .noneMatch(name -> name.startsWith(ROOT + ".architecture."));
  }

  @ArchTest
  static void internalPackages_areNotUsedOutsideTheirModule(JavaClasses classes) {
    InternalPackageRules.internalPackagesArePrivateToTheirModule(ROOT).check(classes);
  }

  @ArchTest
  static void publicSignatures_neverExposeInternalTypes(JavaClasses classes) {
    PublicSignatureRules.publicSignaturesDoNotExposeInternalTypes(ROOT).check(classes);
  }

  @ArchTest
  static void modules_dependOnlyOnLowerLayers(JavaClasses classes) {
    LayerRules.modulesDependOnlyOnLowerLayers(ROOT).check(classes);
  }

  @ArchTest
  static void processExit_isCalledOnlyByTheCliMain(JavaClasses classes) {
    DeterminismRules.processExitOnlyIn(CLI_MAIN).check(classes);
  }

  /**
   * The engine's classes that may read the wall clock: the default Clock of the engine's builder,
   * used only for rates in status reports. View state never depends on it.
   */
  private static final Set<String> ENGINE_WALL_CLOCK_EXCEPTIONS =
      Set.of(ROOT + ".engine.ViewEngine$Builder");

  @ArchTest
  static void engine_readsTimeOnlyFromAnInjectedClock(JavaClasses classes) {
    assertThat(ENGINE_WALL_CLOCK_EXCEPTIONS)
        .as("wall-clock exceptions that still exist")
        .allMatch(classes::contain);
    DeterminismRules.noWallClockIn(ROOT + ".engine..", ENGINE_WALL_CLOCK_EXCEPTIONS).check(classes);
  }

  @ArchTest
  static void log_readsTimeOnlyFromAnInjectedClock(JavaClasses classes) {
    assertThat(LOG_WALL_CLOCK_EXCEPTIONS)
        .as("wall-clock exceptions that still exist")
        .allMatch(classes::contain);
    DeterminismRules.noWallClockIn(ROOT + ".log..", LOG_WALL_CLOCK_EXCEPTIONS).check(classes);
  }
}
