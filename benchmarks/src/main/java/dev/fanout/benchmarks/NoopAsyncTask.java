package dev.fanout.benchmarks;

import dev.fanout.AsyncTask;
import dev.fanout.Worker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link NoopTask} in the shape {@code async} is built for: an already completed stage. */
public final class NoopAsyncTask implements AsyncTask<Integer, Integer> {
  @Override
  public CompletionStage<Integer> start(Integer input, Worker worker) {
    return CompletableFuture.completedFuture(input);
  }
}
