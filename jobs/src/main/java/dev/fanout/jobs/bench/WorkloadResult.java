package dev.fanout.jobs.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One workload's results under every model it ran.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name {@code io} or {@code cpu}
 * @param title what it is, for headings
 * @param tasks how many tasks a run has
 * @param idealNanos the best wall time possible here: for I/O the latency floor (one delay), for
 *     CPU the sequential time over the cores
 * @param idealLabel how the ideal was found, in words
 * @param models the results, in registry order
 */
public record WorkloadResult(
    String name,
    String title,
    int tasks,
    long idealNanos,
    String idealLabel,
    List<ModelResult> models) {
  public WorkloadResult {
    models = List.copyOf(models);
  }

  public Optional<ModelResult> of(dev.fanout.Model model) {
    return models.stream().filter(m -> m.model() == model).findFirst();
  }

  /** The model with the lowest median wall time, auto left out (it runs one of the others). */
  public Optional<ModelResult> best() {
    return models.stream()
        .filter(m -> m.model() != dev.fanout.Model.AUTO)
        .min(Comparator.comparingLong(ModelResult::medianWallNanos));
  }

  /** Median wall time of {@code sequential}, the baseline; empty when it did not run. */
  public Optional<Long> baselineNanos() {
    return of(dev.fanout.Model.SEQUENTIAL).map(ModelResult::medianWallNanos);
  }
}
