package dev.kappa.engine;

import java.util.Objects;

/**
 * The terminal of a view built with {@link KeyedStream#process}: the processor and how its inputs
 * and states are stored while they wait for the watermark. Types are erased.
 */
public record ProcessorSpec(
    KeyedProcessor<Object, Object, Object> processor,
    Serde<Object> valueSerde,
    Serde<Object> stateSerde) {

  public ProcessorSpec {
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(valueSerde, "valueSerde");
    Objects.requireNonNull(stateSerde, "stateSerde");
  }
}
