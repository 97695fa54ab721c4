package dev.fanout.benchmarks;

import dev.fanout.AsyncTask;
import dev.fanout.Worker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@link SleepTask} without a blocked thread: completes after {@link SleepTask#MILLIS} ms through a
 * timer on the worker's executor (the event loop on {@code async}), as {@code await
 * asyncio.sleep(0.01)} does. Stateless and thread-safe.
 */
public final class TimerTask implements AsyncTask<Integer, Integer> {
  @Override
  public CompletionStage<Integer> start(Integer input, Worker worker) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    worker.executor().schedule(() -> done.complete(input), SleepTask.MILLIS, TimeUnit.MILLISECONDS);
    return done;
  }
}
