package dev.fanout.jobs.bench;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.concurrent.TimeoutException;

/** A user's task whose every call fails the way a dead server does: a time-out. */
public final class AlwaysTimesOut implements Task<String, String> {
  public AlwaysTimesOut() {}

  @Override
  public String run(String input, Worker worker) throws Exception {
    Thread.sleep(5);
    throw new TimeoutException("no answer from " + input + " within 5 ms");
  }
}
