package dev.fanout.benchmarks;

import dev.fanout.Task;
import dev.fanout.Worker;

/**
 * Returns its input: the task whose cost is all fanout's. A named public class so that {@code
 * processes} and {@code cluster} can load it by name. Stateless and thread-safe.
 */
public final class NoopTask implements Task<Integer, Integer> {
  @Override
  public Integer run(Integer input, Worker worker) {
    return input;
  }
}
