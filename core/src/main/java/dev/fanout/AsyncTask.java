package dev.fanout;

import java.util.concurrent.CompletionStage;

/**
 * A non-blocking unit of work: the seed's {@code async def download_site(session, url)}. It must
 * return quickly and complete its stage later; on {@link Model#ASYNC} it is started on the one
 * event-loop thread, which is also {@link Worker#executor()}. On the other models fanout waits for
 * the stage on the worker's thread.
 *
 * <p>Implementations are called from many threads at once and must be thread-safe.
 *
 * @param <I> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface AsyncTask<I, R> {
  /**
   * Starts the task for one input.
   *
   * @param input the input
   * @param worker the worker: id, resource, and the executor to continue on
   * @return a stage completing with the result or the failure
   */
  CompletionStage<R> start(I input, Worker worker);
}
