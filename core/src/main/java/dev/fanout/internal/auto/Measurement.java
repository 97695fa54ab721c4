package dev.fanout.internal.auto;

/**
 * What auto saw of one sampled task: its wall time, the CPU time its thread used, and how long the
 * thread sat runnable but waiting for a core (Linux schedstat; 0 where unknown). A task still
 * running is measured up to now.
 *
 * <p>Immutable and thread-safe.
 *
 * @param wallNanos wall time so far (or in total, when done)
 * @param cpuNanos CPU time of the task's thread over that time
 * @param queuedNanos time the thread was ready to run but no core was free (other processes' load)
 * @param done true when the task had ended
 * @param blocked true when the task's thread was blocked (sleeping in I/O) when measured, or the OS
 *     does not tell; false when it was on a core or waiting for one
 * @param sleepShare the share of auto's looks at the thread that found it asleep (blocked in I/O or
 *     a sleep), 0 to 1; -1 when it looked too few times to tell
 */
public record Measurement(
    long wallNanos,
    long cpuNanos,
    long queuedNanos,
    boolean done,
    boolean blocked,
    double sleepShare) {

  public Measurement {
    if (wallNanos < 0 || cpuNanos < 0 || queuedNanos < 0) {
      throw new IllegalArgumentException("times must be >= 0");
    }
  }

  /** A measurement whose thread state is unknown (or ended). */
  public Measurement(long wallNanos, long cpuNanos, long queuedNanos, boolean done) {
    this(wallNanos, cpuNanos, queuedNanos, done, true, -1);
  }

  /** A measurement of a running thread whose state was seen but not sampled over time. */
  public Measurement(
      long wallNanos, long cpuNanos, long queuedNanos, boolean done, boolean blocked) {
    this(wallNanos, cpuNanos, queuedNanos, done, blocked, -1);
  }

  /**
   * The task's time on a core or blocked, without the time it sat queued for a core: on a machine
   * busy with other work, a CPU-bound task waits for a core without waiting for I/O, and that must
   * not count as I/O. From the sampled thread states when there are enough (CPU time plus the share
   * of wall time seen asleep), else from the kernel's run-queue time.
   */
  public long runnableNanos() {
    long runnable =
        sleepShare >= 0 ? cpuNanos + Math.round(wallNanos * sleepShare) : wallNanos - queuedNanos;
    return Math.max(runnable, Math.max(cpuNanos, 1));
  }
}
