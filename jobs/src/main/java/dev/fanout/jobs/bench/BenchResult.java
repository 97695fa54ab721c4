package dev.fanout.jobs.bench;

import java.util.List;

/**
 * Everything one {@code bench} measured.
 *
 * <p>Immutable and thread-safe.
 *
 * @param machine where it ran
 * @param runsAsked repetitions asked per model, or 0 when the statistics decided
 * @param workloads the workloads' results
 * @param totalNanos how long the whole bench took
 * @param load the machine's load average at start and end
 * @param sweep the worker-count sweep, or null when none ran
 */
public record BenchResult(
    Machine machine,
    int runsAsked,
    List<WorkloadResult> workloads,
    long totalNanos,
    LoadAverage load,
    SweepResult sweep) {
  public BenchResult {
    workloads = List.copyOf(workloads);
  }
}
