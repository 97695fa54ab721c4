package dev.fanout.jobs.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Summary statistics of repeated measurements, as hyperfine reports them: mean, sample standard
 * deviation, median, min and max, in nanoseconds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param n how many measurements
 * @param mean their mean
 * @param stddev their sample standard deviation (n - 1 in the denominator); 0 for one measurement
 * @param median their median (the mean of the middle two for an even count)
 * @param min the smallest
 * @param max the largest
 */
public record Stats(int n, double mean, double stddev, double median, long min, long max) {

  /** The statistics of {@code values}; at least one. */
  public static Stats of(List<Long> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurements");
    }
    long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int n = v.length;
    double mean = Arrays.stream(v).average().orElse(0);
    double squares = 0;
    for (long x : v) {
      squares += (x - mean) * (x - mean);
    }
    double sd = n < 2 ? 0 : Math.sqrt(squares / (n - 1));
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    return new Stats(n, mean, sd, median, v[0], v[n - 1]);
  }

  /** The standard error of the mean; infinite with fewer than two measurements. */
  public double standardError() {
    return n < 2 ? Double.POSITIVE_INFINITY : stddev / Math.sqrt(n);
  }

  /** The standard error over the mean: how precisely the mean is known, 0.02 = within 2%. */
  public double relativeStandardError() {
    return mean <= 0 ? Double.POSITIVE_INFINITY : standardError() / mean;
  }
}
