package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** x -> x*x after 20 ms: long enough that a worker is always busy when the test kills it. */
public final class SquareSlowly implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) throws InterruptedException {
    Thread.sleep(20);
    return x * x;
  }
}
