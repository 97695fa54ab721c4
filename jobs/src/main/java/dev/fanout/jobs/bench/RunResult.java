package dev.fanout.jobs.bench;

import java.util.List;

/**
 * One measured run of a workload under a model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param wallNanos from building the fanout (workers start) to the last outcome
 * @param cpuNanos CPU time of the tasks' threads, or -1 when unknown (virtual threads)
 * @param failed tasks that failed
 * @param spans every task, in input order
 * @param notes lines the run logged (auto's choice, blocked-loop warnings)
 */
public record RunResult(
    long wallNanos, long cpuNanos, int failed, List<TaskSpan> spans, List<String> notes) {
  public RunResult {
    spans = List.copyOf(spans);
    notes = List.copyOf(notes);
  }

  /** Distinct workers that ran tasks. */
  public long workers() {
    return spans.stream().map(TaskSpan::worker).distinct().count();
  }
}
