package dev.fanout.internal.auto;

import dev.fanout.Event;
import dev.fanout.Model;
import java.util.Locale;

/**
 * What auto chose and the measurement behind it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the model the rest of the batch runs under
 * @param workers its workers (threads, processes); 1 for async
 * @param concurrency its bound on tasks in flight
 * @param kind the class of work the samples showed
 * @param cpuShare CPU time over runnable wall time, summed over the samples, 0 to 1
 * @param samples how many tasks were measured
 * @param finished how many of them had ended when auto decided
 * @param meanWallNanos mean wall time of a sampled task (so far, for unfinished ones)
 * @param meanCpuNanos mean CPU time of a sampled task
 * @param observedNanos how long auto watched before it decided
 * @param note why the obvious choice was not taken (isolate unavailable...), or empty
 */
public record Decision(
    Model model,
    int workers,
    int concurrency,
    WorkKind kind,
    double cpuShare,
    int samples,
    int finished,
    long meanWallNanos,
    long meanCpuNanos,
    long observedNanos,
    String note) {

  /** The size in the words of its model: workers for pools, concurrency for virtual and async. */
  public String size() {
    return model.size(workers, concurrency);
  }

  /** The measurement behind the choice, in one sentence. */
  public String evidence() {
    return String.format(
            Locale.ROOT,
            "%d sampled task%s used the CPU %.1f%% of the time they were not waiting for a core"
                + " (%.1f ms CPU of %.1f ms wall each%s, watched %d ms)",
            samples,
            samples == 1 ? "" : "s",
            cpuShare * 100,
            meanCpuNanos / 1e6,
            meanWallNanos / 1e6,
            finished < samples ? ", " + (samples - finished) + " still running" : "",
            observedNanos / 1_000_000)
        + margin();
  }

  /** How far the share is from the nearest threshold, against auto's margin. */
  private String margin() {
    double threshold =
        Math.abs(cpuShare - Classifier.IO_BELOW) <= Math.abs(cpuShare - Classifier.CPU_FROM)
            ? Classifier.IO_BELOW
            : Classifier.CPU_FROM;
    return String.format(
        Locale.ROOT,
        ", %.1f points from the %.0f%% threshold (margin %.0f)",
        Math.abs(cpuShare - threshold) * 100,
        threshold * 100,
        Classifier.MARGIN * 100);
  }

  /** The decision as listeners receive it. */
  public Event.Decided event() {
    return new Event.Decided(
        model,
        workers,
        concurrency,
        kind.label(),
        cpuShare,
        samples,
        finished,
        meanWallNanos,
        meanCpuNanos,
        observedNanos,
        note,
        size(),
        evidence(),
        line());
  }

  /** The one line auto logs: what it chose and why. */
  public String line() {
    return "auto: chose "
        + model.label()
        + " ("
        + size()
        + "): "
        + kind.label()
        + ", "
        + evidence()
        + (note.isEmpty() ? "" : "; " + note);
  }
}
