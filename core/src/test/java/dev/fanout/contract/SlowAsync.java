package dev.fanout.contract;

import dev.fanout.AsyncTask;
import dev.fanout.Worker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Completes after 30 s on the worker's executor, without blocking it. */
public final class SlowAsync implements AsyncTask<Long, Long> {
  @Override
  public CompletionStage<Long> start(Long x, Worker worker) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    worker.executor().schedule(() -> f.complete(x), 30, TimeUnit.SECONDS);
    return f;
  }
}
