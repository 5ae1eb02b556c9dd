package dev.kappa.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Modules depend one way only: on the modules beneath them, never on a sibling or one above. Each
 * module is a layer defined by its root package ({@code <root>.<m>..}). Modules that do not exist
 * yet are optional layers, so the rule already holds for them; a class under the root that belongs
 * to no known module fails the rule until its module is placed here.
 */
final class LayerRules {

  /**
   * For each module, the modules it may depend on. {@code cli} is in no list, so nothing may depend
   * on it.
   */
  static final SequencedMap<String, List<String>> MAY_DEPEND_ON = mayDependOn();

  private LayerRules() {}

  private static SequencedMap<String, List<String>> mayDependOn() {
    SequencedMap<String, List<String>> modules = new LinkedHashMap<>();
    modules.put("log", List.of());
    modules.put("schema", List.of("log"));
    modules.put("engine", List.of("log", "schema"));
    modules.put("sql", List.of("log", "schema", "engine"));
    modules.put("kafka", List.of("log", "schema", "engine"));
    modules.put("testkit", List.of("log", "schema", "engine"));
    modules.put("server", List.of("log", "schema", "engine", "sql", "kafka"));
    modules.put("bench", List.of("log", "schema", "engine", "sql", "kafka", "testkit", "server"));
    modules.put(
        "cli", List.of("log", "schema", "engine", "sql", "kafka", "testkit", "server", "bench"));
    return Collections.unmodifiableSequencedMap(modules);
  }

  /** Modules under {@code root} depend only on the modules listed in {@link #MAY_DEPEND_ON}. */
  static ArchRule modulesDependOnlyOnLowerLayers(String root) {
    LayeredArchitecture architecture =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .ensureAllClassesAreContainedInArchitecture();
    for (String module : MAY_DEPEND_ON.keySet()) {
      architecture = architecture.layer(module).definedBy(root + "." + module + "..");
    }
    for (Map.Entry<String, List<String>> module : MAY_DEPEND_ON.entrySet()) {
      List<String> lower = module.getValue();
      architecture =
          lower.isEmpty()
              ? architecture.whereLayer(module.getKey()).mayNotAccessAnyLayer()
              : architecture
                  .whereLayer(module.getKey())
                  .mayOnlyAccessLayers(lower.toArray(String[]::new));
    }
    return architecture;
  }
}
