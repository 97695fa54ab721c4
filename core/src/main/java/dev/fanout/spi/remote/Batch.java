package dev.fanout.spi.remote;

import dev.fanout.spi.Recipe;

/**
 * Inputs of one task that go to one worker in one message: the task's recipe, how many tasks of the
 * run the worker runs at once, and each input's id and encoded bytes.
 *
 * <p>Immutable, but for {@link #handle}, which the transport that sent it may set (a future), and
 * the {@link #cancel} flag; both are safe to read and write from any thread.
 */
public final class Batch {
  private final Recipe task;
  private final boolean async;
  private final int atOnce;
  private final boolean virtual;
  private final long[] ids;
  private final byte[][] inputs;
  private volatile Object handle;
  private volatile boolean cancelled;

  Batch(Recipe task, boolean async, int atOnce, boolean virtual, long[] ids, byte[][] inputs) {
    this.task = task;
    this.async = async;
    this.atOnce = atOnce;
    this.virtual = virtual;
    this.ids = ids;
    this.inputs = inputs;
  }

  public Recipe task() {
    return task;
  }

  public boolean async() {
    return async;
  }

  /** Tasks of the run the worker runs at once: its share of the run's concurrency. */
  public int atOnce() {
    return atOnce;
  }

  /** True when the worker runs its share on virtual threads, false for platform threads. */
  public boolean virtual() {
    return virtual;
  }

  public int size() {
    return ids.length;
  }

  public long id(int i) {
    return ids[i];
  }

  public byte[] input(int i) {
    return inputs[i];
  }

  public byte[][] inputs() {
    return inputs;
  }

  public Object handle() {
    return handle;
  }

  public void handle(Object handle) {
    this.handle = handle;
  }

  /** Marks the batch cancelled: a transport that sets its handle late checks this after. */
  public void cancel() {
    this.cancelled = true;
  }

  public boolean cancelled() {
    return cancelled;
  }
}
