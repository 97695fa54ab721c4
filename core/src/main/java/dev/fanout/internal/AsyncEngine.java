package dev.fanout.internal;

import dev.fanout.Event;
import dev.fanout.Options;
import dev.fanout.spi.AttemptWorker;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.TaskRun;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code async}: exactly one Netty event-loop thread starts every task, and non-blocking clients
 * bind their channels to it (it is each task's {@link dev.fanout.Worker#executor()}). A task that
 * holds the loop longer than the threshold is reported, like asyncio debug mode's slow callbacks.
 */
public final class AsyncEngine implements Engine {
  /** The worker id of the one loop. */
  public static final String WORKER = "loop";

  /** Attempts started per turn of the loop before it handles I/O again. */
  private static final int START_BATCH = 64;

  private final Options options;
  private final Events events;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final ResourceSlot slot;
  private final long thresholdNanos;
  private final Queue<TaskRun> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  AsyncEngine(Options options, Events events) {
    this.options = options;
    this.events = events;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("fanout-loop", true), ioHandlerFactory());
    this.loop = group.next();
    this.slot = new ResourceSlot(options.resource(), events);
    this.thresholdNanos = options.blockedLoopThreshold().toNanos();
  }

  /**
   * Linux's epoll through Netty's native transport where it loads (edge-triggered, fewer system
   * calls and copies: ~7 % less CPU per request at 1,000 in flight), else the JDK's NIO selector.
   * Clients on this loop pick the matching channel type ({@code IoEventLoop.isCompatible}).
   */
  private static io.netty.channel.IoHandlerFactory ioHandlerFactory() {
    return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  @Override
  public int window() {
    return options.concurrency();
  }

  @Override
  public void launch(TaskRun run) {
    pending.add(run);
  }

  /**
   * Hands the launched attempts to the loop in one task: waking a loop that sleeps in epoll costs a
   * system call, which would otherwise be paid per task.
   */
  @Override
  public void flush() {
    if (!pending.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      try {
        loop.execute(this::startPending);
      } catch (RejectedExecutionException e) { // the loop is shut down: fail them, not the batch
        drainScheduled.set(false);
        TaskRun run;
        while ((run = pending.poll()) != null) {
          run.finish("-", options.clock().nanoTime(), 0, 0, null, e);
        }
      }
    }
  }

  /**
   * Starts the launched attempts, {@link #START_BATCH} at a time: between two batches the loop
   * turns to I/O, so the first attempts' requests go out while the later ones are still being
   * started. Started all in one go, a first wave of 1,000 downloads sent no request until the last
   * of them had its connection set up (cold code, ~150 ms), and every one of them waited for that.
   */
  private void startPending() {
    drainScheduled.set(false); // before polling: a launch after this point schedules a new drain
    TaskRun run;
    int started = 0;
    while ((run = pending.poll()) != null) {
      start(run);
      if (++started == START_BATCH && !pending.isEmpty()) {
        if (drainScheduled.compareAndSet(false, true)) {
          // a task scheduled from the loop runs after its next round of I/O, unlike an execute()
          loop.schedule(this::startPending, 0, TimeUnit.NANOSECONDS);
        }
        return;
      }
    }
  }

  private void start(TaskRun run) {
    long start = options.clock().nanoTime();
    if (!run.begin(WORKER, start)) {
      return;
    }
    AttemptWorker worker = new AttemptWorker(WORKER, slot, loop);
    long cpu0 = run.cpuTimed() ? BlockingAttempt.cpuNow() : -1;
    long held0 = System.nanoTime();
    CompletionStage<Object> stage;
    try {
      stage = run.work().start(run.input(), worker);
    } catch (Throwable t) {
      stage = CompletableFuture.failedFuture(t);
    }
    long held = System.nanoTime() - held0;
    long cpu1 = cpu0 < 0 ? -1 : BlockingAttempt.cpuNow();
    long cpu = cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0;
    if (held > thresholdNanos) {
      reportBlocked(run, held);
    }
    if (stage == null) {
      stage =
          CompletableFuture.failedFuture(new NullPointerException("the task returned no stage"));
    }
    CompletableFuture<Object> future = stage.toCompletableFuture();
    run.cancelHandle(future);
    future.whenComplete(
        (value, error) ->
            run.finish(
                WORKER, options.clock().nanoTime(), cpu, worker.bytes(), value, unwrap(error)));
  }

  private void reportBlocked(TaskRun run, long heldNanos) {
    events.warn(
        Event.Warning.Kind.BLOCKED_LOOP,
        String.format(
            "task %d (input %s) held the event loop for %d ms (threshold %d ms): a blocking task"
                + " stalls every other task on async; use an AsyncTask, or the threads/virtual model",
            run.index(),
            Inputs.describe(run.input()),
            TimeUnit.NANOSECONDS.toMillis(heldNanos),
            TimeUnit.NANOSECONDS.toMillis(thresholdNanos)));
    if (events.any()) {
      events.emit(new Event.LoopBlocked(run.index(), run.input(), heldNanos));
    }
  }

  private static Throwable unwrap(Throwable error) {
    if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
      return error.getCause();
    }
    return error;
  }

  @Override
  public void cancel(TaskRun run) {
    if (run.cancelHandle() instanceof CompletableFuture<?> f) {
      f.cancel(true);
    }
  }

  @Override
  public void close() {
    group
        .shutdownGracefully(0, 200, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(3, TimeUnit.SECONDS);
    slot.close();
  }
}
