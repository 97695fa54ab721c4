package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** The seed's CPU-bound demo: {@code sum(i * i for i in range(n))}, wrapping on overflow. */
public final class SumOfSquares implements Task<Long, Long> {
  @Override
  public Long run(Long n, Worker worker) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += i * i;
    }
    return sum;
  }
}
