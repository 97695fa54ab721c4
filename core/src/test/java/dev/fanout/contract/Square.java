package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;

/** x -> x*x, after an optional pause of (x % 5) ms so completions come out of order. */
public final class Square implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) throws Exception {
    Thread.sleep(x % 5);
    return x * x;
  }
}
