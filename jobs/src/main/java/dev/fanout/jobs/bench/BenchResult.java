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
 * @param phases where the time went: warm-ups, calibration, each model's runs, the sweep
 */
public record BenchResult(
    Machine machine,
    int runsAsked,
    List<WorkloadResult> workloads,
    long totalNanos,
    LoadAverage load,
    SweepResult sweep,
    List<Phases.Phase> phases) {

  /** A result without a record of where the time went. */
  public BenchResult(
      Machine machine,
      int runsAsked,
      List<WorkloadResult> workloads,
      long totalNanos,
      LoadAverage load,
      SweepResult sweep) {
    this(machine, runsAsked, workloads, totalNanos, load, sweep, List.of());
  }

  public BenchResult {
    workloads = List.copyOf(workloads);
    phases = List.copyOf(phases);
  }
}
