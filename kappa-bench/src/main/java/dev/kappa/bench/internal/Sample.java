package dev.kappa.bench.internal;

import java.util.List;

/**
 * What one run did: how many records in how many nanoseconds.
 *
 * @param records records appended or read
 * @param nanos wall-clock time of the run
 */
record Sample(long records, long nanos) {

  double recordsPerSecond() {
    return records * 1e9 / Math.max(1, nanos);
  }

  /** The median records/s of {@code samples}; the mean of the middle two for an even count. */
  static double medianRate(List<Sample> samples) {
    return median(samples.stream().map(Sample::recordsPerSecond).toList());
  }

  /** The median of {@code values}; the mean of the middle two for an even count. */
  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static long totalRecords(List<Sample> samples) {
    return samples.stream().mapToLong(Sample::records).sum();
  }

  static double totalSeconds(List<Sample> samples) {
    return round(samples.stream().mapToLong(Sample::nanos).sum() / 1e9, 3);
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
