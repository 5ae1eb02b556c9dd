package dev.kappa.schema.internal;

import dev.kappa.schema.Compatibility;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.Incompatibility;
import dev.kappa.schema.SchemaVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Applies a {@link Compatibility} rule with Avro's own {@link SchemaCompatibility}: backward means
 * the candidate, as reader, can read each checked version's data; forward means each checked
 * version, as reader, can read the candidate's data. Non-transitive rules check only the latest
 * version. Stateless and thread-safe.
 */
final class CompatibilityChecker {

  private CompatibilityChecker() {}

  static CompatibilityReport check(
      Compatibility rule, Schema candidate, List<SchemaVersion> existing) {
    List<Incompatibility> problems = new ArrayList<>();
    if (rule != Compatibility.NONE && !existing.isEmpty()) {
      List<SchemaVersion> checked = rule.transitive() ? existing : List.of(existing.getLast());
      for (SchemaVersion old : checked) {
        if (rule.checksBackward()) {
          collect(problems, old.version(), "backward", candidate, old.schema());
        }
        if (rule.checksForward()) {
          collect(problems, old.version(), "forward", old.schema(), candidate);
        }
      }
    }
    return new CompatibilityReport(rule, problems);
  }

  private static void collect(
      List<Incompatibility> into, int version, String direction, Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    for (var problem : result.getIncompatibilities()) {
      into.add(
          new Incompatibility(
              version,
              direction,
              problem.getLocation(),
              problem.getType().name(),
              describe(version, direction, problem)));
    }
  }

  private static String describe(
      int version, String direction, SchemaCompatibility.Incompatibility problem) {
    String who =
        direction.equals("backward")
            ? "the new schema cannot read data written with version " + version
            : "version " + version + " cannot read data written with the new schema";
    String detail = problem.getMessage();
    if (problem.getType() == SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE) {
      detail = "field '" + detail + "' has no default value";
    }
    return who + " (at " + problem.getLocation() + "): " + detail;
  }
}
