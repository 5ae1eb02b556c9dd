package dev.kappa.engine;

import java.util.Comparator;

/**
 * Where an input element came from: its event time and its position in the log. The order defined
 * here (event time, then source, partition, offset and index within the record) is total and
 * depends only on the log's contents, so aggregations that need an order ("latest", ties in
 * "top-N") use it instead of arrival order, which varies with how partitions interleave.
 *
 * @param eventTime the record's event time, epoch milliseconds
 * @param source the index of the source stream in the view's definition
 * @param partition the partition within that stream
 * @param offset the record's offset
 * @param index the element's index among those a {@code flatMap} made from the record
 */
public record Origin(long eventTime, int source, int partition, long offset, int index)
    implements Comparable<Origin> {

  private static final Comparator<Origin> ORDER =
      Comparator.comparingLong(Origin::eventTime)
          .thenComparingInt(Origin::source)
          .thenComparingInt(Origin::partition)
          .thenComparingLong(Origin::offset)
          .thenComparingInt(Origin::index);

  @Override
  public int compareTo(Origin other) {
    return ORDER.compare(this, other);
  }
}
