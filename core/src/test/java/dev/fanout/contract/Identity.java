package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;

/** The no-op task: returns its input. */
public final class Identity implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) {
    return x;
  }
}
