package dev.kappa.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark result: the median of several runs.
 *
 * @param name what was measured, such as {@code log.append.batched}
 * @param value the median value over the runs
 * @param unit the unit of {@code value}, such as {@code records/s} or {@code MB/s} (10^6 bytes of
 *     record values per second)
 * @param context the conditions of the measurement, such as {@code records}, {@code recordBytes},
 *     {@code appenders} and {@code runs}, in insertion order
 */
public record Measurement(String name, double value, String unit, Map<String, Object> context) {

  public Measurement {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    context = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
  }

  /** The fields of the JSON line: name, value, unit, then the context, in that order. */
  public Map<String, Object> toFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("value", value);
    fields.put("unit", unit);
    fields.putAll(context);
    return fields;
  }
}
