package dev.fanout.contract;

import dev.fanout.AsyncTask;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Input 0 fails at once; every other input takes 30 s (unless interrupted or cancelled). */
public final class FailsFirst implements Task<Long, Long>, AsyncTask<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) throws InterruptedException {
    if (x == 0) {
      throw new IllegalStateException("input 0 fails");
    }
    Thread.sleep(30_000);
    return x;
  }

  @Override
  public CompletionStage<Long> start(Long x, Worker worker) {
    if (x == 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("input 0 fails"));
    }
    CompletableFuture<Long> f = new CompletableFuture<>();
    worker.executor().schedule(() -> f.complete(x), 30, TimeUnit.SECONDS);
    return f;
  }
}
