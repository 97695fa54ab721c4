package dev.fanout.cluster.internal;

import dev.fanout.Worker;
import dev.fanout.internal.ResourceSlot;
import dev.fanout.internal.Scheduler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Worker} a task sees on a member: the member's id and its one resource for the run.
 *
 * <p>Thread-safe; valid for one attempt.
 */
final class MemberWorker implements Worker {
  private final String id;
  private final ResourceSlot slot;
  private final AtomicLong bytes = new AtomicLong();

  MemberWorker(String id, ResourceSlot slot) {
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
