package dev.fanout.spi;

/**
 * Runs attempts for one model: what an engine implements. The dispatcher (one per batch, on the
 * caller's thread) hands it at most {@link #window()} launched {@link TaskRun}s at a time; the
 * engine must end each with exactly one {@link TaskRun#finish} call (from any thread), having
 * called {@link TaskRun#begin} when the attempt really started.
 *
 * <p>Implementations are thread-safe: several dispatchers (batches) may share one engine.
 */
public interface Engine extends AutoCloseable {

  /**
   * Refuses, at submit time, work this engine cannot run (a lambda on a model that loads tasks by
   * name in another JVM), with a message saying how to fix it.
   */
  default void check(Work work) {}

  /** How many launched, unfinished attempts the dispatcher may hand over at once. */
  int window();

  /** Starts one attempt of {@code run}; returns quickly unless the model runs on the caller. */
  void launch(TaskRun run);

  /** Sends any launched attempts that the engine buffers (chunking); called before waiting. */
  default void flush() {}

  /** Best effort: interrupts the attempt if it is running. It still must {@link TaskRun#finish}. */
  void cancel(TaskRun run);

  /**
   * True when the engine learns that an attempt began only when it ended (a cluster member's reply
   * carries its times): the task timeout then counts from the launch.
   */
  default boolean reportsStartLate() {
    return false;
  }

  /**
   * The attempt outlived the task timeout: stop it if the engine can without harming others (the
   * default interrupts it, as {@link #cancel} does). The dispatcher abandons it after a grace.
   */
  default void timedOut(TaskRun run) {
    cancel(run);
  }

  /**
   * The dispatcher gave up on an attempt that outlived its timeout and ignored its interrupt; its
   * late {@link TaskRun#finish} will be ignored. An engine whose worker the attempt still holds
   * replaces that worker here, so the run keeps its size.
   */
  default void abandoned(TaskRun run) {}

  /**
   * Stops the workers and closes their resources. Idempotent. The fanout calls it after cancelling
   * its batches: every attempt still launched has had {@link #cancel} (twice when its batch was not
   * done after a grace), and every one given up on {@link #abandoned}.
   */
  @Override
  void close();
}
