package dev.fanout.contract;

import dev.fanout.AsyncTask;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reports {@code input} bytes and returns the worker's id: what an outcome's stats must show. */
public final class Measured implements Task<Long, String>, AsyncTask<Long, String> {
  @Override
  public String run(Long bytes, Worker worker) {
    worker.addBytes(bytes);
    return worker.id();
  }

  @Override
  public CompletionStage<String> start(Long bytes, Worker worker) {
    return CompletableFuture.completedFuture(run(bytes, worker));
  }
}
