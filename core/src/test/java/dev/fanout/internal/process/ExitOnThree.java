package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Calls System.exit(42) on input 3: the worker JVM dies under the task. */
public final class ExitOnThree implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) {
    if (x == 3) {
      System.exit(42);
    }
    return x;
  }
}
