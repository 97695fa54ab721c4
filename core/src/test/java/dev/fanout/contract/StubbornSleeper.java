package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Input 0 returns at once; any other sleeps 30 s, ignores the first interrupt (sleeps again) and
 * ends on the second: a task that needs its engine's close to interrupt it once more. While it runs
 * it is counted in all and on its worker's {@link RunningAtClose} resource.
 */
public final class StubbornSleeper implements Task<Long, Long> {
  static final AtomicInteger RUNNING = new AtomicInteger();

  @Override
  public Long run(Long x, Worker worker) throws Exception {
    if (x == 0) {
      return x;
    }
    AtomicInteger onResource = worker.resource();
    onResource.incrementAndGet();
    RUNNING.incrementAndGet();
    try {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException first) {
        Thread.sleep(30_000);
      }
      return x;
    } finally {
      RUNNING.decrementAndGet();
      onResource.decrementAndGet();
    }
  }
}
