package dev.fanout.contract;

import dev.fanout.AsyncTask;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Input: milliseconds. Blocking, sleeps that long unless interrupted; async, completes that late on
 * the worker's executor without blocking it. Returns its input.
 */
public final class Sleeps implements Task<Long, Long>, AsyncTask<Long, Long> {
  @Override
  public Long run(Long millis, Worker worker) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  @Override
  public CompletionStage<Long> start(Long millis, Worker worker) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    worker.executor().schedule(() -> f.complete(millis), millis, TimeUnit.MILLISECONDS);
    return f;
  }
}
