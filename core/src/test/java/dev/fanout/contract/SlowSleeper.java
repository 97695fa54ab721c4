package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Sleeps 30 s unless interrupted: what a cancellation must cut short. */
public final class SlowSleeper implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) throws Exception {
    Thread.sleep(30_000);
    return x;
  }
}
