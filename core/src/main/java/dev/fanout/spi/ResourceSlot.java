package dev.fanout.spi;

import dev.fanout.Event;
import dev.fanout.Resource;
import dev.fanout.Worker;

/**
 * One worker's resource: opened on first use, at most once, closed when the engine closes. An
 * initializer that throws is remembered, and every later use fails with its message. An engine that
 * runs tasks in a JVM keeps one per worker (one per member on a cluster member) and closes it when
 * it closes.
 *
 * <p>Thread-safe.
 */
public final class ResourceSlot {
  private final Resource<Object> resource;
  private final Events events;

  /** The opened resource, until closed; read without the lock by {@link #get}. */
  private volatile Object value;

  private Throwable failure;
  private boolean opened;
  private boolean closed;

  @SuppressWarnings("unchecked")
  public ResourceSlot(Resource<?> resource, Events events) {
    this.resource = (Resource<Object>) resource;
    this.events = events;
  }

  /**
   * The worker's resource, opened by the first call; later calls read it without a lock (every task
   * of a virtual-thread run asks for it, and a monitor there is contended).
   */
  public Object get(Worker worker) {
    Object v = value;
    return v != null ? v : open(worker);
  }

  private synchronized Object open(Worker worker) {
    if (resource == null) {
      throw new IllegalStateException(
          "this run has no per-worker resource: set one with Fanout.builder().resource(...)");
    }
    if (closed) {
      throw new IllegalStateException("the run has ended; its resources are closed");
    }
    if (!opened) {
      opened = true;
      try {
        value = resource.open(worker);
      } catch (Exception | Error e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new IllegalStateException(
          "the resource initializer failed on worker " + worker.id() + ": " + failure, failure);
    }
    return value;
  }

  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Object v = value;
    value = null;
    if (v != null) {
      try {
        resource.close(v);
      } catch (Exception | Error e) {
        events.warn(Event.Warning.Kind.CLEANUP, "closing a worker resource failed: " + e);
      }
    }
  }
}
