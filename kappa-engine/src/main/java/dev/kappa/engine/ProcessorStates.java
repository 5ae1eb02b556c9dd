package dev.kappa.engine;

/**
 * A processor's state seen as an aggregation's accumulator, so that a processor view's state is
 * stored and read like an unwindowed aggregate: {@code result} is the state itself.
 */
final class ProcessorStates {

  private ProcessorStates() {}

  @SuppressWarnings("unchecked")
  static <S> Aggregation<Object, Object, S> of(ProcessorSpec spec) {
    return new Aggregation<>() {
      @Override
      public Object init() {
        return null;
      }

      @Override
      public Object add(Object accumulator, Object value, Origin origin) {
        throw new UnsupportedOperationException("a processor view has no aggregation");
      }

      @Override
      public Object merge(Object left, Object right) {
        throw new UnsupportedOperationException("a processor view has no aggregation");
      }

      @Override
      public S result(Object accumulator) {
        return (S) accumulator;
      }

      @Override
      public Serde<Object> accumulatorSerde() {
        return spec.stateSerde();
      }
    };
  }
}
