package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Ends its worker JVM: input 3 calls {@code System.exit(3)}, inputs from 100 halt with x - 100. */
public final class EndsItsWorker implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) {
    if (x == 3) {
      System.exit(3);
    }
    if (x >= 100) {
      Runtime.getRuntime().halt((int) (x - 100));
    }
    return x;
  }
}
