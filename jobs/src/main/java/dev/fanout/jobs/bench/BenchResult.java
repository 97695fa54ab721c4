package dev.fanout.jobs.bench;

import java.util.List;

/**
 * Everything one {@code bench} measured.
 *
 * <p>Immutable and thread-safe.
 *
 * @param machine where it ran
 * @param runsAsked repetitions asked per model
 * @param workloads the workloads' results
 * @param totalNanos how long the whole bench took
 */
public record BenchResult(
    Machine machine, int runsAsked, List<WorkloadResult> workloads, long totalNanos) {
  public BenchResult {
    workloads = List.copyOf(workloads);
  }
}
