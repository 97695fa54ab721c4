package dev.fanout.internal.process;

import dev.fanout.Resource;
import dev.fanout.Worker;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens "pid:count" where count is how many times this JVM opened it. */
public final class PidResource implements Resource<String> {
  private static final AtomicInteger OPENED = new AtomicInteger();

  @Override
  public String open(Worker worker) {
    return ProcessHandle.current().pid() + ":" + OPENED.incrementAndGet();
  }
}
