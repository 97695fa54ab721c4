package dev.fanout.spi;

/**
 * One input's attempt as an {@link Engine} sees it: what to run ({@link #work()} on {@link
 * #input()}), and the two calls that report it, {@link #begin} when the attempt really starts and
 * {@link #finish} when it ends. The dispatcher owns the run between attempts (retries, limits,
 * outcomes); an engine only runs the attempt it was handed by {@link Engine#launch}.
 *
 * <p>Thread-safe: an engine may call {@link #begin} and {@link #finish} from any thread. A finish
 * that loses the race against a cancellation is ignored, so engines need not coordinate.
 */
public interface TaskRun {

  /** The input's position in the batch, from 0. */
  long index();

  /** The input this attempt runs on. */
  Object input();

  /** The attempt number now running, from 1. */
  int attempt();

  /** The task to run. */
  Work work();

  /**
   * True when someone reads the attempt's CPU time (a listener, through the finish event). When
   * false an engine may skip measuring it and pass -1: a thread's CPU clock is a system call, which
   * costs about 2 us on a virtual machine, more than the rest of a task's bookkeeping.
   */
  boolean cpuTimed();

  /** An engine may keep here what {@link Engine#cancel} needs (a Future, a thread). */
  void cancelHandle(Object handle);

  /** What the engine kept with {@link #cancelHandle(Object)}, or null. */
  Object cancelHandle();

  /**
   * For engines that wrap others (auto): {@code hook} runs once when the current attempt ends,
   * however it ends (finished, cancelled before it began, or abandoned), so a wrapper can free the
   * slot the attempt held. It runs on the thread that ended the attempt and must be quick.
   */
  void whenAttemptDone(Runnable hook);

  /**
   * The attempt starts running on {@code worker} at {@code nanos} (the run's clock). Returns false
   * when it was cancelled before starting: the engine must then not run it, and must not call
   * finish.
   */
  boolean begin(String worker, long nanos);

  /**
   * For engines that {@link Engine#reportsStartLate}: the attempt has left for the worker that runs
   * it at once; the task timeout counts from now.
   */
  void sentToWorker();

  /**
   * The attempt ended, with {@code value} or {@code error}. Calls after the first, or after a
   * cancellation won, are ignored.
   *
   * @param worker the id of the worker that ran it
   * @param endNanos when it ended, on the run's clock
   * @param cpuNanos CPU time of the attempt, or -1 when unknown
   * @param bytes the bytes the task reported ({@link dev.fanout.Worker#addBytes})
   */
  void finish(
      String worker, long endNanos, long cpuNanos, long bytes, Object value, Throwable error);
}
