package dev.fanout.jobs.bench;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.Locale;

/** A user's task for {@code bench --task}: waits a few milliseconds, then shouts its input. */
public final class SleepyEcho implements Task<String, String> {
  public SleepyEcho() {}

  @Override
  public String run(String input, Worker worker) throws InterruptedException {
    Thread.sleep(20);
    return input.toUpperCase(Locale.ROOT);
  }
}
