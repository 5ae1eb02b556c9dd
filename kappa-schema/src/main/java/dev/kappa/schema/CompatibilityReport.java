package dev.kappa.schema;

import java.util.List;

/**
 * The outcome of checking a candidate schema against a stream's versions.
 *
 * @param compatibility the rule that was applied
 * @param incompatibilities every problem found; empty means the schema may be registered
 */
public record CompatibilityReport(
    Compatibility compatibility, List<Incompatibility> incompatibilities) {

  public CompatibilityReport {
    incompatibilities = List.copyOf(incompatibilities);
  }

  public boolean compatible() {
    return incompatibilities.isEmpty();
  }
}
