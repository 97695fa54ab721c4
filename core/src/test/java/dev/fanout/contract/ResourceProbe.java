package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Returns "worker|resource" so a test can see which resource each worker used. */
public final class ResourceProbe implements Task<Long, String> {
  @Override
  public String run(Long x, Worker worker) throws Exception {
    String resource = worker.resource();
    Thread.sleep(1);
    return worker.id() + "|" + resource;
  }
}
