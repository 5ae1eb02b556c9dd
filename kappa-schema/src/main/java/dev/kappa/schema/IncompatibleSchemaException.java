package dev.kappa.schema;

import java.util.stream.Collectors;

/** A schema that breaks its stream's compatibility rule; nothing was registered. */
public final class IncompatibleSchemaException extends SchemaException {

  private final CompatibilityReport report;

  public IncompatibleSchemaException(String stream, CompatibilityReport report) {
    super(
        "incompatible_schema",
        "schema is not "
            + report.compatibility()
            + " compatible with stream '"
            + stream
            + "': "
            + report.incompatibilities().stream()
                .map(Incompatibility::message)
                .collect(Collectors.joining("; ")),
        null);
    this.report = report;
  }

  public CompatibilityReport report() {
    return report;
  }
}
