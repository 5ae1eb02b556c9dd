package dev.kappa.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;

/**
 * A module's {@code internal} packages are its own: no other module may depend on them. The module
 * is derived from the package name, so modules added later are covered without touching this rule.
 */
final class InternalPackageRules {

  private InternalPackageRules() {}

  /** Classes under {@code root} depend only on the internal packages of their own module. */
  static ArchRule internalPackagesArePrivateToTheirModule(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(onlyUseTheInternalsOfTheirOwnModule(root))
        .as("classes under " + root + " use only the internal packages of their own module");
  }

  private static ArchCondition<JavaClass> onlyUseTheInternalsOfTheirOwnModule(String root) {
    return new ArchCondition<>("use only the internal packages of their own module") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String> originModule = KappaPackages.moduleOf(root, origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String targetPackage =
              dependency.getTargetClass().getBaseComponentType().getPackageName();
          Optional<String> targetModule = KappaPackages.moduleOf(root, targetPackage);
          if (targetModule.isPresent()
              && KappaPackages.isInternal(targetPackage)
              && !targetModule.equals(originModule)) {
            String message =
                dependency.getDescription()
                    + ", which is internal to module '"
                    + targetModule.get()
                    + "'";
            events.add(SimpleConditionEvent.violated(dependency, message));
          }
        }
      }
    };
  }
}
