package dev.fanout.spi;

import dev.fanout.OutputFile;
import dev.fanout.Worker;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@link Worker} one attempt sees: the worker's id and resource, plus a byte counter of its
 * own. Every engine that runs tasks in this JVM hands its tasks one of these (threads, virtual,
 * async, auto's samples, a cluster member).
 *
 * <p>Thread-safe; valid for one attempt.
 */
public final class AttemptWorker implements Worker {
  private final String id;
  private final ResourceSlot slot;
  private final ScheduledExecutorService executor;
  // a field with a VarHandle, not an AtomicLong: one allocation fewer per attempt
  private static final VarHandle BYTES;

  static {
    try {
      BYTES = MethodHandles.lookup().findVarHandle(AttemptWorker.class, "bytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile long bytes;
  private final Files files;

  /** Where a worker's {@link #createFile} goes: a cluster member streams it to the caller. */
  @FunctionalInterface
  public interface Files {
    OutputFile create(Path target) throws IOException;
  }

  /**
   * @param id the worker's id
   * @param slot the worker's resource
   * @param executor what {@link #executor()} returns: the event loop on async, else usually {@link
   *     Scheduler#shared()}
   */
  public AttemptWorker(String id, ResourceSlot slot, ScheduledExecutorService executor) {
    this(id, slot, executor, LocalFile::create);
  }

  /** {@link #AttemptWorker(String, ResourceSlot, ScheduledExecutorService)} with its files. */
  public AttemptWorker(
      String id, ResourceSlot slot, ScheduledExecutorService executor, Files files) {
    this.id = id;
    this.slot = slot;
    this.executor = executor;
    this.files = files;
  }

  @Override
  public OutputFile createFile(Path target) throws IOException {
    return files.create(target);
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
  public void addBytes(long n) {
    BYTES.getAndAdd(this, n);
  }

  /** The bytes the attempt reported. */
  public long bytes() {
    return bytes;
  }
}
