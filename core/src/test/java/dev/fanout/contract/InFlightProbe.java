package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the tasks running at once, in total and per key (x % 3), from inside the tasks; returns
 * "total,perKey" as seen at its peak. Counters are per JVM: on processes they see one worker.
 */
public final class InFlightProbe implements Task<Long, String> {
  static final AtomicInteger TOTAL = new AtomicInteger();
  static final ConcurrentHashMap<Long, AtomicInteger> PER_KEY = new ConcurrentHashMap<>();

  @Override
  public String run(Long x, Worker worker) throws Exception {
    AtomicInteger key = PER_KEY.computeIfAbsent(x % 3, k -> new AtomicInteger());
    int total = TOTAL.incrementAndGet();
    int perKey = key.incrementAndGet();
    try {
      Thread.sleep(15);
      return Math.max(total, TOTAL.get()) + "," + Math.max(perKey, key.get());
    } finally {
      key.decrementAndGet();
      TOTAL.decrementAndGet();
    }
  }
}
