package dev.fanout.jobs.bench;

import dev.fanout.Event;
import dev.fanout.Model;
import java.util.Comparator;
import java.util.List;

/**
 * Every run of one workload under one model, and their median.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the model
 * @param runs the measured runs, in order (the warm-up is not among them)
 * @param decision on {@code auto}, what it chose in the median run; else null
 * @param note why fewer runs were made than asked, or empty
 */
public record ModelResult(Model model, List<RunResult> runs, Event.Decided decision, String note) {
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
}
