package dev.fanout.internal;

import dev.fanout.Worker;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@link Worker} one attempt sees: the worker's id and resource, plus a byte counter of its
 * own.
 *
 * <p>Thread-safe enough for one attempt's continuations: the counter is volatile-updated.
 */
final class AttemptWorker implements Worker {
  private final String id;
  private final ResourceSlot slot;
  private final ScheduledExecutorService executor;
  private volatile long bytes;

  AttemptWorker(String id, ResourceSlot slot, ScheduledExecutorService executor) {
    this.id = id;
    this.slot = slot;
    this.executor = executor;
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
    return executor;
  }

  @Override
  public synchronized void addBytes(long n) {
    bytes += n;
  }

  long bytes() {
    return bytes;
  }
}
