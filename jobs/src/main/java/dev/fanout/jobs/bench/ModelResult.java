package dev.fanout.jobs.bench;

import dev.fanout.Event;
import dev.fanout.Model;
import java.util.Comparator;
import java.util.List;

/**
 * Every run of one workload under one model, and their statistics.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the model
 * @param runs the measured runs, in order (the warm-up is not among them)
 * @param decision on {@code auto}, what it chose in the median run; else null
 * @param note why fewer runs were made than asked, or empty
 * @param stoppedEarly true when it stopped after fewer runs than the others, clearly behind the
 *     fastest model (the note says by how much)
 */
public record ModelResult(
    Model model, List<RunResult> runs, Event.Decided decision, String note, boolean stoppedEarly) {

  /** A result that ran its full share of runs (or says why not in {@code note}). */
  public ModelResult(Model model, List<RunResult> runs, Event.Decided decision, String note) {
    this(model, runs, decision, note, false);
  }

  public ModelResult {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a model result needs at least one run");
    }
    runs = List.copyOf(runs);
  }

  /** The run with the median wall time (the lower middle one for an even count). */
  public RunResult median() {
    List<RunResult> sorted =
        runs.stream().sorted(Comparator.comparingLong(RunResult::wallNanos)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  public long medianWallNanos() {
    return median().wallNanos();
  }

  /** Mean, standard deviation, median, min and max of the runs' wall times. */
  public Stats stats() {
    return Stats.of(runs.stream().map(RunResult::wallNanos).toList());
  }

  public long meanWallNanos() {
    return Math.round(stats().mean());
  }

  /** True when every task of every run failed. */
  public boolean allFailed() {
    return runs.stream().allMatch(r -> r.failed() > 0 && r.failed() == r.spans().size());
  }

  /** Failed tasks over every run. */
  public long failedTasks() {
    return runs.stream().mapToLong(RunResult::failed).sum();
  }

  /** Tasks over every run. */
  public long tasks() {
    return runs.stream().mapToLong(r -> r.spans().size()).sum();
  }
}
