package dev.fanout.jobs.bench;

/**
 * One task as a timeline draws it: where it ran, when (nanoseconds from the run's start), and how
 * much CPU it used.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index the input's position in the batch
 * @param input the input as text (a URL, a number)
 * @param worker the worker that ran it ({@code thread-3}, {@code loop}, {@code virtual-17})
 * @param startNanos when it began, from the run's start
 * @param endNanos when it ended, from the run's start
 * @param cpuNanos CPU time of its thread, or -1 where the JVM cannot tell (virtual threads)
 * @param ok true when it succeeded
 * @param error the failure's message, or null
 */
public record TaskSpan(
    long index,
    String input,
    String worker,
    long startNanos,
    long endNanos,
    long cpuNanos,
    boolean ok,
    String error) {

  public long wallNanos() {
    return endNanos - startNanos;
  }

  /**
   * True when the task's thread was on the CPU at least a tenth of its wall time. A download uses
   * well under 1%; a computation on a machine busy with other processes may get far less than 100%,
   * since it waits for a core, so a high bar would call it waiting.
   */
  public boolean computing() {
    return cpuNanos >= 0 && cpuNanos * 10 >= wallNanos();
  }

  /** CPU time over wall time, 0 to 1; 0 when unknown. */
  public double cpuShare() {
    return cpuNanos <= 0 ? 0 : Math.min(1.0, (double) cpuNanos / Math.max(1, wallNanos()));
  }
}
