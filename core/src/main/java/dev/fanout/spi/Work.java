package dev.fanout.spi;

import dev.fanout.AsyncTask;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A user's task, blocking or not, in the one shape the engines handle: an engine runs it ({@link
 * #runBlocking}, {@link #start}) or, in another JVM, names its class ({@link #task}).
 *
 * <p>Immutable; thread-safe when the task is.
 */
public final class Work {
  private final Task<Object, Object> blocking;
  private final AsyncTask<Object, Object> async;

  @SuppressWarnings("unchecked")
  private Work(Task<?, ?> blocking, AsyncTask<?, ?> async) {
    this.blocking = (Task<Object, Object>) blocking;
    this.async = (AsyncTask<Object, Object>) async;
  }

  public static Work of(Task<?, ?> task) {
    return new Work(java.util.Objects.requireNonNull(task, "task"), null);
  }

  public static Work ofAsync(AsyncTask<?, ?> task) {
    return new Work(null, java.util.Objects.requireNonNull(task, "task"));
  }

  /**
   * The user's task object (a {@link Task} or an {@link AsyncTask}); remote engines name its class.
   */
  public Object task() {
    return blocking != null ? blocking : async;
  }

  public boolean isAsync() {
    return async != null;
  }

  /** Runs to completion on the calling thread, waiting for an async task's stage. */
  public Object runBlocking(Object input, Worker worker) throws Exception {
    if (blocking != null) {
      return blocking.run(input, worker);
    }
    CompletionStage<Object> stage = async.start(input, worker);
    try {
      return stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Starts an async task; a blocking one runs now, on the calling thread. */
  @SuppressWarnings("unchecked")
  public CompletionStage<Object> start(Object input, Worker worker) throws Exception {
    if (async != null) {
      return async.start(input, worker);
    }
    return java.util.concurrent.CompletableFuture.completedFuture(blocking.run(input, worker));
  }
}
