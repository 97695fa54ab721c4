package dev.fanout.jobs.bench;

import dev.fanout.Model;
import java.util.Locale;

/**
 * The numbers of one table row, derived from a model's result: shared by the text table, the HTML
 * report and the explanations so they always agree.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the model
 * @param wallNanos mean wall time
 * @param cpuNanos CPU time of the median run's tasks, -1 when unknown
 * @param speedUp sequential's median over this one's; NaN without a sequential run
 * @param efficiency the ideal over this wall time, 0 to 1; NaN when every task failed
 * @param runs how many runs the median is of
 * @param workers distinct workers in the median run
 * @param stats the spread of the wall times
 * @param failed failed tasks over every run
 */
public record Figures(
    Model model,
    long wallNanos,
    long cpuNanos,
    double speedUp,
    double efficiency,
    int runs,
    long workers,
    Stats stats,
    long failed) {

  public static Figures of(WorkloadResult w, ModelResult r) {
    long wall = r.meanWallNanos();
    double speedUp = w.baselineNanos().map(b -> (double) b / Math.max(1, wall)).orElse(Double.NaN);
    // a model whose every task failed measured how fast it fails, not how fast it works
    double eff =
        r.allFailed() ? Double.NaN : Math.min(1.0, (double) w.idealNanos() / Math.max(1, wall));
    return new Figures(
        r.model(),
        wall,
        r.median().cpuNanos(),
        speedUp,
        eff,
        r.runs().size(),
        r.median().workers(),
        r.stats(),
        r.failedTasks());
  }

  /**
   * "1.23 s ± 0.04 s": mean and standard deviation, in the mean's unit; "17.2 s (1 run)" when one
   * run cannot show a spread.
   */
  public static String plusMinus(Stats s) {
    if (s.n() < 2) {
      return seconds(Math.round(s.mean())) + " (1 run)";
    }
    return seconds(Math.round(s.mean())) + " ± " + secondsLike(Math.round(s.stddev()), s.mean());
  }

  /** {@code nanos} in the unit {@link #seconds} picks for {@code like}. */
  static String secondsLike(long nanos, double like) {
    return like >= 10e9
        ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9)
        : like >= 1e9
            ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9)
            : String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
  }

  public String meanPlusMinus() {
    return plusMinus(stats);
  }

  public String median() {
    return seconds(Math.round(stats.median()));
  }

  /** "0.98 s to 1.31 s". */
  public String range() {
    return seconds(stats.min()) + " to " + secondsLike(stats.max(), stats.min());
  }

  public static String seconds(long nanos) {
    return nanos >= 10_000_000_000L
        ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9)
        : nanos >= 1_000_000_000L
            ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9)
            : String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
  }

  public String wall() {
    return seconds(wallNanos);
  }

  public String cpu() {
    return cpuNanos < 0 ? "n/a" : seconds(cpuNanos);
  }

  public String speedUpText() {
    return Double.isNaN(speedUp) ? "-" : String.format(Locale.ROOT, "%.1fx", speedUp);
  }

  public String efficiencyText() {
    return Double.isNaN(efficiency) ? "-" : String.format(Locale.ROOT, "%.0f%%", efficiency * 100);
  }
}
