package dev.fanout.internal.process;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parent JVM for the no-orphans test: starts two workers busy with long tasks, prints their pids
 * on stdout once both run a task, then waits to be killed.
 */
public final class OrphanParent {
  public static void main(String[] args) throws Exception {
    Set<String> running = ConcurrentHashMap.newKeySet();
    Fanout fanout =
        Fanout.builder()
            .model(Model.PROCESSES)
            .workers(2)
            .listener(
                e -> {
                  if (e instanceof Event.Started s) {
                    running.add(s.worker());
                  }
                })
            .build();
    Thread run = new Thread(() -> fanout.map(new SleepMillis(), List.of(600_000L, 600_000L)));
    run.setDaemon(true);
    run.start();
    while (running.size() < 2) {
      Thread.sleep(20);
    }
    StringBuilder pids = new StringBuilder("pids");
    ProcessHandle.current().children().forEach(c -> pids.append(' ').append(c.pid()));
    System.out.println(pids);
    System.out.flush();
    Thread.sleep(600_000);
  }
}
