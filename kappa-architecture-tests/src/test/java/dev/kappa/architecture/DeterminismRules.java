package dev.kappa.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Determinism is designed in: the process ends only where the CLI decides it does, and code that
 * must be replayable reads time from an injected {@link java.time.Clock}. Calls and method
 * references both count.
 */
final class DeterminismRules {

  private DeterminismRules() {}

  /**
   * Only {@code allowedClass} (its lambdas included, as they compile into it) may call {@code
   * System.exit}, {@code Runtime.exit} or {@code Runtime.halt}.
   */
  static ArchRule processExitOnlyIn(String allowedClass) {
    return noClasses()
        .that()
        .doNotHaveFullyQualifiedName(allowedClass)
        .should()
        .accessTargetWhere(endsTheProcess())
        .as("only " + allowedClass + " ends the process");
  }

  /**
   * Classes in {@code packageIdentifier} (an ArchUnit package pattern such as {@code
   * "dev.kappa.log.."}) never read the wall clock, except the classes named in {@code exceptions}
   * and the classes nested in them. Reading the wall clock means {@code
   * System.currentTimeMillis()}, {@code Clock.systemUTC()}, {@code Clock.systemDefaultZone()},
   * {@code Clock.system(zone)}, or any {@code java.time} {@code now(..)} that is not given a {@code
   * Clock}. {@code System.nanoTime()} measures elapsed time, not the wall clock, and stays allowed.
   */
  static ArchRule noWallClockIn(String packageIdentifier, Set<String> exceptions) {
    return noClasses()
        .that()
        .resideInAPackage(packageIdentifier)
        .and(not(areOrAreNestedIn(exceptions)))
        .should()
        .accessTargetWhere(readsTheWallClock())
        .as(
            "classes in "
                + packageIdentifier
                + " other than "
                + exceptions
                + " read time only from an injected Clock");
  }

  private static DescribedPredicate<JavaAccess<?>> endsTheProcess() {
    return DescribedPredicate.describe(
        "System.exit, Runtime.exit or Runtime.halt",
        access -> {
          AccessTarget target = access.getTarget();
          String owner = target.getOwner().getName();
          String name = target.getName();
          return (owner.equals("java.lang.System") && name.equals("exit"))
              || (owner.equals("java.lang.Runtime") && List.of("exit", "halt").contains(name));
        });
  }

  private static DescribedPredicate<JavaAccess<?>> readsTheWallClock() {
    return DescribedPredicate.describe(
        "System.currentTimeMillis, Clock.system*, or a java.time now(..) without a Clock",
        access -> {
          AccessTarget target = access.getTarget();
          JavaClass owner = target.getOwner();
          String name = target.getName();
          return (owner.getName().equals("java.lang.System") && name.equals("currentTimeMillis"))
              || (owner.getName().equals("java.time.Clock") && name.startsWith("system"))
              || (owner.getPackageName().equals("java.time")
                  && name.equals("now")
                  && !takesAClock(target));
        });
  }

  private static boolean takesAClock(AccessTarget target) {
    return target instanceof CodeUnitAccessTarget codeUnit
        && codeUnit.getRawParameterTypes().stream()
            .anyMatch(type -> type.getName().equals("java.time.Clock"));
  }

  private static DescribedPredicate<JavaClass> areOrAreNestedIn(Set<String> classNames) {
    return DescribedPredicate.describe(
        "are or are nested in " + classNames,
        javaClass -> {
          for (Optional<JavaClass> current = Optional.of(javaClass);
              current.isPresent();
              current = current.get().getEnclosingClass()) {
            if (classNames.contains(current.get().getName())) {
              return true;
            }
          }
          return false;
        });
  }
}
