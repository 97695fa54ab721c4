package dev.fanout;

import dev.fanout.spi.LocalFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a task sees of the worker running it: the seed's thread, process or event loop.
 *
 * <p>A {@code Worker} handed to a task is valid for that task's attempt only. Its methods may be
 * called from any thread.
 */
public interface Worker {
  /** A short, stable name: {@code main}, {@code thread-3}, {@code virtual-17}, {@code loop}. */
  String id();

  /**
   * The per-worker resource, opened by the run's {@link Resource} on first use and closed when the
   * run ends: one per worker thread, process or member; one shared by all tasks on {@code virtual}
   * and {@code async}.
   *
   * @throws IllegalStateException when the run has no resource, or its initializer failed
   */
  <S> S resource();

  /**
   * The executor a non-blocking task should continue on: the event loop on {@code async} (a Netty
   * {@code IoEventLoop}, so non-blocking clients can bind their channels to it), a shared scheduler
   * elsewhere. On Linux the loop polls with epoll (Netty's native transport) and takes epoll
   * channels; elsewhere NIO's. A client asks {@code IoEventLoop.isCompatible(EpollIoHandle.class)}
   * which to make.
   */
  ScheduledExecutorService executor();

  /** Adds to the bytes this task moved, reported in its finish event and in summaries. */
  void addBytes(long bytes);

  /**
   * Starts writing {@code target} on the caller's machine (see {@link OutputFile}). On {@link
   * Model#CLUSTER} the caller accepts only a file directly inside a directory that the task's
   * {@link Configured#settings() settings} name (a {@link java.nio.file.Path} in them), so a member
   * cannot write anywhere else.
   *
   * @param target an absolute path
   * @throws IOException when it cannot be created
   */
  default OutputFile createFile(Path target) throws IOException {
    return LocalFile.create(target);
  }
}
