package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Fails, with an IllegalStateException naming the input, on every multiple of 7. */
public final class FailOnSevens implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) {
    if (x % 7 == 0) {
      throw new IllegalStateException("boom " + x);
    }
    return x;
  }
}
