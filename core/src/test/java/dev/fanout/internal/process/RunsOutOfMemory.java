package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.ArrayList;
import java.util.List;

/** On input 1, allocates until the heap is gone; else returns its input. */
public final class RunsOutOfMemory implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) {
    if (x == 1) {
      List<long[]> hog = new ArrayList<>();
      while (true) {
        hog.add(new long[1 << 20]);
      }
    }
    return x;
  }
}
