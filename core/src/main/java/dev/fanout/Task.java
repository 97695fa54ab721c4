package dev.fanout;

/**
 * A blocking unit of work: the seed's {@code def download_site(url)}. It runs on every model; on
 * {@link Model#ASYNC} it blocks the event loop while it runs, and the blocked-loop detector says
 * so.
 *
 * <p>On {@link Model#PROCESSES} and {@link Model#CLUSTER} a task must be a named, public class with
 * a public no-arg constructor, so that another JVM can load it by name.
 *
 * <p>Implementations are called from many threads at once and must be thread-safe; keep per-worker
 * state in the {@link Worker#resource() worker's resource}.
 *
 * @param <I> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Task<I, R> {
  /**
   * Runs the task for one input.
   *
   * @param input the input
   * @param worker the worker running it: its id and per-worker resource
   * @return the result
   * @throws Exception any failure; it becomes a {@link Outcome.Failure}, never a lost exception
   */
  R run(I input, Worker worker) throws Exception;
}
