package dev.fanout;

/**
 * What happened during a run: every task emits exactly one {@link Started} and one {@link
 * Finished}. Progress bars, JSON lines, summaries and timelines are built on these. Times are
 * nanoseconds on the run's {@link Clock}.
 *
 * <p>Immutable; delivered to {@link Listener}s from worker and caller threads.
 */
public sealed interface Event permits Event.Started, Event.Finished, Event.LoopBlocked {

  /** The input's position in the batch. */
  long index();

  /** A task's first attempt began running on a worker. */
  record Started(long index, Object input, String worker, long atNanos) implements Event {}

  /**
   * A task ended, after its last attempt.
   *
   * @param startNanos when its first attempt began
   * @param endNanos when its last attempt ended
   * @param cpuNanos CPU time its attempts used on their threads, or -1 where the JVM cannot tell
   *     (virtual threads)
   * @param error the failure's message, or null on success
   */
  record Finished(
      long index,
      Object input,
      String worker,
      long startNanos,
      long endNanos,
      long cpuNanos,
      int attempts,
      boolean ok,
      String error,
      long bytes)
      implements Event {
    /** Wall time of the task, first start to last end. */
    public long wallNanos() {
      return endNanos - startNanos;
    }
  }

  /**
   * A task held the one event-loop thread of {@code async} longer than the threshold (asyncio debug
   * mode's slow-callback warning).
   */
  record LoopBlocked(long index, Object input, long heldNanos) implements Event {}
}
