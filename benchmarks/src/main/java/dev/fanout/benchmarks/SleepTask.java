package dev.fanout.benchmarks;

import dev.fanout.Task;
import dev.fanout.Worker;

/**
 * Blocks its worker for {@link #MILLIS} ms: an I/O wait with no I/O. Named and public for {@code
 * processes} and {@code cluster}. Stateless and thread-safe.
 */
public final class SleepTask implements Task<Integer, Integer> {
  static final int MILLIS = 10;

  @Override
  public Integer run(Integer input, Worker worker) throws InterruptedException {
    Thread.sleep(MILLIS);
    return input;
  }
}
