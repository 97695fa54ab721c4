package dev.fanout;

/**
 * What happened during a run: every task emits exactly one {@link Started} and one {@link
 * Finished}; the run itself emits {@link Decided} (auto's choice) and {@link Warning}s. Progress
 * bars, JSON lines, summaries, timelines and the command line's warnings are all built on these.
 * Times are nanoseconds on the run's {@link Clock}.
 *
 * <p>Immutable; delivered to {@link Listener}s from worker, timer and caller threads.
 */
public sealed interface Event
    permits Event.Started, Event.Finished, Event.LoopBlocked, Event.Decided, Event.Warning {

  /** A task's first attempt began running on a worker. */
  record Started(long index, Object input, String worker, long atNanos) implements Event {}

  /**
   * A task ended, after its last attempt. Its outcome carries the same figures ({@link
   * Outcome#stats()}).
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
   * mode's slow-callback warning). A {@link Warning} of kind {@link Warning.Kind#BLOCKED_LOOP} says
   * it in words.
   */
  record LoopBlocked(long index, Object input, long heldNanos) implements Event {}

  /**
   * {@code auto} chose the model for the rest of the batch, from the tasks it sampled.
   *
   * @param model the model chosen
   * @param workers its workers (threads, processes); 1 for async
   * @param concurrency its bound on tasks in flight
   * @param kind the class of work the samples showed: I/O-bound, CPU-bound or mixed
   * @param cpuShare CPU time over runnable wall time, summed over the samples, 0 to 1
   * @param samples how many tasks were measured
   * @param finished how many of them had ended when auto decided
   * @param meanWallNanos mean wall time of a sampled task
   * @param meanCpuNanos mean CPU time of a sampled task
   * @param observedNanos how long auto watched before it decided
   * @param note why the obvious choice was not taken, or empty
   * @param size the size in its model's words ({@code 6 workers}, {@code concurrency 1000})
   * @param evidence the measurement behind the choice, in one sentence
   * @param line the one line auto logs: what it chose and why
   */
  record Decided(
      Model model,
      int workers,
      int concurrency,
      String kind,
      double cpuShare,
      int samples,
      int finished,
      long meanWallNanos,
      long meanCpuNanos,
      long observedNanos,
      String note,
      String size,
      String evidence,
      String line)
      implements Event {
    /** Below this CPU share the work is I/O-bound. */
    public static final double IO_BELOW = dev.fanout.internal.auto.Classifier.IO_BELOW;

    /** From this CPU share up the work is CPU-bound; between the two, mixed. */
    public static final double CPU_FROM = dev.fanout.internal.auto.Classifier.CPU_FROM;

    /**
     * A CPU share this close to a threshold (0.05 = 5 points) is not trusted alone: auto samples
     * more, and a report says the answer may change between runs.
     */
    public static final double MARGIN = dev.fanout.internal.auto.Classifier.MARGIN;

    /** True when the measured CPU share lies within {@link #MARGIN} of a threshold. */
    public boolean nearThreshold() {
      return dev.fanout.internal.auto.Classifier.nearThreshold(cpuShare);
    }
  }

  /**
   * Something the user should know that is not a task's failure. The command line prints each on
   * stderr; the same text goes to {@link Fanout.Builder#log}.
   *
   * @param kind what it is about, for listeners that group or count warnings
   * @param text one line saying what happened and what to do
   */
  record Warning(Kind kind, String text) implements Event {
    /** What a warning is about. */
    public enum Kind {
      /** A task held {@code async}'s one loop thread longer than the threshold. */
      BLOCKED_LOOP,
      /** A setting has no effect on the chosen model. */
      NO_EFFECT,
      /** A worker was stopped or lost (a stuck task, a member that did not answer). */
      WORKER,
      /** A resource could not be closed, or a listener threw. */
      CLEANUP,
      /** Anything else. */
      OTHER
    }
  }
}
