package dev.fanout.internal.auto;

import dev.fanout.Worker;
import dev.fanout.internal.ResourceSlot;
import dev.fanout.internal.Scheduler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Worker} a sampled task sees: a platform thread of its own, with its own resource (a
 * sample thread is a worker like a pool thread).
 *
 * <p>Thread-safe.
 */
final class SampleWorker implements Worker {
  private final String id;
  private final ResourceSlot slot;
  private final AtomicLong bytes = new AtomicLong();

  SampleWorker(String id, ResourceSlot slot) {
    this.id = id;
    this.slot = slot;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <S> S resource() {
    return (S) slot.get(this);
  }

  @Override
  public ScheduledExecutorService executor() {
    return Scheduler.shared();
  }

  @Override
  public void addBytes(long n) {
    bytes.addAndGet(n);
  }

  long bytes() {
    return bytes.get();
  }
}
