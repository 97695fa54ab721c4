package dev.fanout.contract;

import dev.fanout.Resource;
import dev.fanout.Worker;
import java.util.concurrent.atomic.AtomicInteger;

/** A resource whose value names the process and the how-many-th open it was there. */
public final class CountingResource implements Resource<String> {
  static final AtomicInteger OPENED = new AtomicInteger();

  @Override
  public String open(Worker worker) {
    return ProcessHandle.current().pid() + "-" + OPENED.incrementAndGet();
  }
}
