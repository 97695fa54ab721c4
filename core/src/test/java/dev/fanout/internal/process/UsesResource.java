package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Returns the worker's resource. */
public final class UsesResource implements Task<Long, String> {
  @Override
  public String run(Long x, Worker worker) {
    return worker.resource();
  }
}
