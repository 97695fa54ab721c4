package dev.fanout.contract;

import dev.fanout.Resource;
import dev.fanout.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A resource that notes, when closed, how many {@link StubbornSleeper}s still run. */
public final class RunningAtClose implements Resource<String> {
  static final List<Integer> SEEN = new CopyOnWriteArrayList<>();

  @Override
  public String open(Worker worker) {
    return "r";
  }

  @Override
  public void close(String resource) {
    SEEN.add(StubbornSleeper.RUNNING.get());
  }
}
