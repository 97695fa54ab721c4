package dev.fanout.contract;

import dev.fanout.Resource;
import dev.fanout.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resource counting the {@link StubbornSleeper}s that use it, which notes, when closed, how many
 * still ran then (a resource closed under a running task notes more than 0).
 */
public final class RunningAtClose implements Resource<AtomicInteger> {
  static final List<Integer> SEEN = new CopyOnWriteArrayList<>();

  @Override
  public AtomicInteger open(Worker worker) {
    return new AtomicInteger();
  }

  @Override
  public void close(AtomicInteger running) {
    SEEN.add(running.get());
  }
}
