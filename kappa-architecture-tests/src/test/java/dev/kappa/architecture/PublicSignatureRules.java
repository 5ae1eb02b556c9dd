package dev.kappa.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasSourceCodeLocation;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Public signatures never mention internal types: a caller must be able to use the API without
 * naming a class it is not allowed to depend on.
 *
 * <p>The API is every class outside an {@code internal} package that is visible outside its package
 * (public, and every enclosing class public or protected). Its signature is its supertypes and type
 * parameters, and its public and protected fields, constructors and methods: their types,
 * parameters, type parameters and thrown exceptions, generic type arguments included. A type is
 * internal if its package has an {@code internal} segment, whichever library it comes from.
 */
final class PublicSignatureRules {

  private PublicSignatureRules() {}

  /** Public classes outside internal packages under {@code root} expose no internal types. */
  static ArchRule publicSignaturesDoNotExposeInternalTypes(String root) {
    return classes()
        .that(arePublicApiUnder(root))
        .should(notExposeInternalTypes())
        .as("public API under " + root + " never exposes internal types in its signatures");
  }

  private static DescribedPredicate<JavaClass> arePublicApiUnder(String root) {
    return DescribedPredicate.describe(
        "are public API under " + root,
        javaClass ->
            javaClass.getPackageName().startsWith(root + ".")
                && !KappaPackages.isInternal(javaClass.getPackageName())
                && isVisibleOutsideItsPackage(javaClass));
  }

  private static boolean isVisibleOutsideItsPackage(JavaClass javaClass) {
    for (Optional<JavaClass> current = Optional.of(javaClass);
        current.isPresent();
        current = current.get().getEnclosingClass()) {
      if (!isPublicOrProtected(current.get().getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPublicOrProtected(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  private static boolean isApi(JavaMember member) {
    Set<JavaModifier> modifiers = member.getModifiers();
    return isPublicOrProtected(modifiers)
        && !modifiers.contains(JavaModifier.SYNTHETIC)
        && !modifiers.contains(JavaModifier.BRIDGE);
  }

  private static ArchCondition<JavaClass> notExposeInternalTypes() {
    return new ArchCondition<>("not expose internal types in their signatures") {
      @Override
      public void check(JavaClass api, ConditionEvents events) {
        new SignatureCheck(api, events).run();
      }
    };
  }

  /** Walks one API class's signature and reports each place that names an internal type. */
  private record SignatureCheck(JavaClass api, ConditionEvents events) {

    void run() {
      api.getSuperclass().ifPresent(type -> check(api, "its superclass", type));
      api.getInterfaces().forEach(type -> check(api, "an implemented interface", type));
      api.getTypeParameters().forEach(type -> check(api, "a type parameter", type));
      for (JavaField field : api.getFields()) {
        if (isApi(field)) {
          check(field, "the type of field " + field.getFullName(), field.getType());
        }
      }
      for (JavaCodeUnit codeUnit : api.getCodeUnits()) {
        if (isApi(codeUnit)) {
          checkCodeUnit(codeUnit);
        }
      }
    }

    private void checkCodeUnit(JavaCodeUnit codeUnit) {
      String name = codeUnit.getFullName();
      if (codeUnit.isMethod()) {
        check(codeUnit, "the return type of " + name, codeUnit.getReturnType());
      }
      codeUnit.getParameterTypes().forEach(type -> check(codeUnit, "a parameter of " + name, type));
      codeUnit
          .getTypeParameters()
          .forEach(type -> check(codeUnit, "a type parameter of " + name, type));
      codeUnit
          .getExceptionTypes()
          .forEach(type -> check(codeUnit, "the throws clause of " + name, type));
    }

    private void check(HasSourceCodeLocation where, String place, JavaType type) {
      Set<String> internalTypes = new TreeSet<>();
      for (JavaClass involved : type.getAllInvolvedRawTypes()) {
        JavaClass base = involved.getBaseComponentType();
        if (KappaPackages.isInternal(base.getPackageName())) {
          internalTypes.add(base.getName());
        }
      }
      for (String internalType : internalTypes) {
        String message =
            String.format(
                "%s exposes internal type %s in %s %s",
                api.getName(), internalType, place, where.getSourceCodeLocation());
        events.add(SimpleConditionEvent.violated(api, message));
      }
    }
  }
}
