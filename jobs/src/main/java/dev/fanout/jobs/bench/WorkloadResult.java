package dev.fanout.jobs.bench;

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

  /** Who was fastest, and whether beyond the noise. */
  public Ranking ranking() {
    return Ranking.of(models);
  }

  /** The clear winner: fastest beyond the noise, auto left out (it runs one of the others). */
  public Optional<ModelResult> best() {
    return ranking().winner();
  }

  /** The model with the lowest mean wall time, winner or not; auto and failed models left out. */
  public Optional<ModelResult> fastest() {
    return Optional.ofNullable(ranking().fastest());
  }

  /** Mean wall time of {@code sequential}, the baseline; empty when it did not run or failed. */
  public Optional<Long> baselineNanos() {
    return of(dev.fanout.Model.SEQUENTIAL)
        .filter(m -> !m.allFailed())
        .map(ModelResult::meanWallNanos);
  }

  /** True when every task of every model failed: nothing was measured worth comparing. */
  public boolean allFailed() {
    return models.stream().allMatch(ModelResult::allFailed);
  }
}
