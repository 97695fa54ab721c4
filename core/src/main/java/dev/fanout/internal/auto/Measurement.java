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
 */
public record Measurement(long wallNanos, long cpuNanos, long queuedNanos, boolean done) {

  public Measurement {
    if (wallNanos < 0 || cpuNanos < 0 || queuedNanos < 0) {
      throw new IllegalArgumentException("times must be >= 0");
    }
  }

  /**
   * Wall time minus the time spent queued for a core: on a machine busy with other work, a
   * CPU-bound task waits for a core without waiting for I/O, and that must not count as I/O.
   */
  public long runnableNanos() {
    return Math.max(wallNanos - queuedNanos, Math.max(cpuNanos, 1));
  }
}
