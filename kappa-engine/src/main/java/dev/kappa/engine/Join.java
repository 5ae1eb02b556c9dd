package dev.kappa.engine;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A join inside a view, between its left sources ({@code [0, rightFrom)}) and right sources ({@code
 * [rightFrom, n)}). Both sides wait until the global watermark passes them and are then joined in
 * event-time order (ties by {@link Origin}), so the output depends only on the log's contents.
 * Functions and serdes are stored with erased types; built by {@link EventStream}.
 */
public sealed interface Join {

  int rightFrom();

  /**
   * Each left element is joined with its key's table row as of the element's event time (the row of
   * the latest table record at or before it), or null if there is none. Right elements are table
   * records: {@code rowKey} and {@code rowValue} read their key and value (null for a tombstone).
   */
  record WithTable(
      int rightFrom,
      Function<Object, Object> leftKey,
      Function<Object, Object> rowKey,
      Function<Object, Object> rowValue,
      Serde<Object> keySerde,
      Serde<Object> leftSerde,
      Serde<Object> rowSerde,
      BiFunction<Object, Object, Object> joiner)
      implements Join {}

  /**
   * Every left and right element of one key whose event times are at most {@code withinMs} apart.
   */
  record Within(
      int rightFrom,
      long withinMs,
      Function<Object, Object> leftKey,
      Function<Object, Object> rightKey,
      Serde<Object> keySerde,
      Serde<Object> leftSerde,
      Serde<Object> rightSerde,
      BiFunction<Object, Object, Object> joiner)
      implements Join {}
}
