package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Sleeps its input in milliseconds, returns the worker's pid. */
public final class SleepMillis implements Task<Long, Long> {
  @Override
  public Long run(Long millis, Worker worker) throws InterruptedException {
    Thread.sleep(millis);
    return ProcessHandle.current().pid();
  }
}
