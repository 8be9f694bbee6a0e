package dev.weft.cli.bench;

import java.util.Arrays;

/** Order statistics of a sample of measurements. */
final class Percentiles {
  private final double[] sorted;

  Percentiles(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** The {@code p}-th percentile (0..100), nearest rank; 0 for an empty sample. */
  double at(double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  double max() {
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
  }

  /** The fraction of values at most {@code limit}. */
  double fractionAtMost(double limit) {
    if (sorted.length == 0) {
      return 1;
    }
    int n = 0;
    while (n < sorted.length && sorted[n] <= limit) {
      n++;
    }
    return (double) n / sorted.length;
  }
}
