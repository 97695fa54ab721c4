package dev.fanout.internal;

import dev.fanout.Options;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code virtual}: one virtual thread per attempt, the window bounding them; every task shares one
 * resource.
 */
final class VirtualEngine implements Engine {
  private final Options options;
  private final ResourceSlot slot;
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong names = new AtomicLong();
  private volatile boolean closed;

  VirtualEngine(Options options, Events events) {
    this.options = options;
    this.slot = new ResourceSlot(options.resource(), events);
  }

  @Override
  public int window() {
    return options.concurrency();
  }

  @Override
  public void launch(TaskRun run) {
    if (closed) {
      throw new IllegalStateException("the fanout is closed");
    }
    String id = "virtual-" + names.incrementAndGet();
    Thread t =
        Thread.ofVirtual()
            .name("fanout-" + id)
            .unstarted(
                () -> {
                  try {
                    BlockingAttempt.run(run, id, slot, Scheduler.shared(), options.clock());
                  } finally {
                    live.remove(Thread.currentThread());
                  }
                });
    live.add(t);
    run.cancelHandle(t);
    t.start();
  }

  @Override
  public void cancel(TaskRun run) {
    if (run.cancelHandle() instanceof Thread t) {
      t.interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (Thread t : live) {
      t.interrupt();
    }
    for (Thread t : live) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    slot.close();
  }
}
